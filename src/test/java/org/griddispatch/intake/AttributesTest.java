package org.griddispatch.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers to a category's extra questions are checked against their definitions. */
class AttributesTest {
  static final JsonObject CATEGORY = new JsonObject().put("attributes", new JsonArray()
      .add(new JsonObject().put("code", "plate").put("datatype", "string").put("required", true))
      .add(new JsonObject().put("code", "floor").put("datatype", "number"))
      .add(new JsonObject().put("code", "kind").put("datatype", "singlevaluelist")
          .put("values", new JsonArray().add(new JsonObject().put("key", "a").put("name", "A")).add(new JsonObject().put("key", "b").put("name", "B"))))
      .add(new JsonObject().put("code", "many").put("datatype", "multivaluelist")
          .put("values", new JsonArray().add(new JsonObject().put("key", "x").put("name", "X")).add(new JsonObject().put("key", "y").put("name", "Y")))));

  static Fields check(JsonObject answers) {
    Fields f = new Fields(new JsonObject().put("attributes", answers));
    TicketRequest.attributes(f, CATEGORY);
    return f;
  }

  @Test
  void goodAnswersPass() {
    Fields f = new Fields(new JsonObject().put("attributes", new JsonObject().put("plate", "川B12345").put("floor", "3")
        .put("kind", "a").put("many", new JsonArray().add("x").add("y"))));
    JsonObject out = TicketRequest.attributes(f, CATEGORY);
    assertThat(f.hasError("attributes.plate")).isFalse();
    assertThat(out.getDouble("floor")).isEqualTo(3.0);
    assertThat(out.getJsonArray("many")).containsExactly("x", "y");
  }

  @Test
  void badAnswersAreNamed() {
    Fields f = check(new JsonObject().put("floor", "third").put("kind", "c").put("many", new JsonArray().add("z")).put("colour", "red"));
    assertThat(f.hasError("attributes.plate")).as("required").isTrue();
    assertThat(f.hasError("attributes.floor")).isTrue();
    assertThat(f.hasError("attributes.kind")).isTrue();
    assertThat(f.hasError("attributes.many")).isTrue();
    assertThat(f.hasError("attributes.colour")).as("not a question").isTrue();
  }
}
