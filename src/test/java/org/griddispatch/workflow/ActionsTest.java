package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.griddispatch.workflow.Fixtures.*;

/** The actions and the vocabulary's rules name the same things. */
class ActionsTest {
  /** Offered to people, but not an action of the workflow: photos go through {@code ticket.Attachments}. */
  private static final Set<String> NOT_ACTIONS = Set.of("attach");

  private static List<String> offeredRules() {
    return Vocabulary.describe().getJsonArray("actions").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  @Test
  void everyActionHasARule() {
    TreeSet<String> withoutRule = new TreeSet<>();
    for (String name : Actions.names()) if (Vocabulary.rule(name) == null) withoutRule.add(name);

    assertThat(Actions.names()).hasSize(32);
    assertThat(withoutRule).as("actions without a rule in Vocabulary").isEmpty();
  }

  @Test
  void everyRuleOfferedToPeopleHasAnAction() {
    TreeSet<String> withoutAction = new TreeSet<>();
    for (String name : offeredRules()) {
      if (!NOT_ACTIONS.contains(name) && Actions.named(name) == null) withoutAction.add(name);
    }

    assertThat(offeredRules()).contains("accept", "handover").containsAll(NOT_ACTIONS);
    assertThat(withoutAction).as("rules offered to people without an action").isEmpty();
  }

  @Test
  void theServersOwnActionsAreNotOfferedToPeople() {
    assertThat(offeredRules()).doesNotContain("deadline-step", "follow");
    assertThat(Vocabulary.rule("deadline-step").offered()).isFalse();
    assertThat(Vocabulary.rule("follow").offered()).isFalse();
    assertThat(Actions.named("deadline-step")).isNotNull();
    assertThat(Actions.named("follow")).isNotNull();
  }

  @Test
  void eachActionIsRegisteredUnderItsOwnName() {
    for (String name : Actions.names()) assertThat(Actions.named(name).name()).isEqualTo(name);
  }

  @Test
  void anUnknownActionIsNotFound() {
    Actions actions = new Actions(() -> CATALOG, CONFIG);

    assertThatThrownBy(() -> actions.decision("teleport", new JsonObject()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(actions.decision("accept", null).action()).isEqualTo("accept");
  }
}
