package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.workflow.Fixtures.*;

/** 去重, decided without a database: merge, keep, and follow (intake's merge on arrival). */
class MergeActionsTest {
  private final Action merge = MergeActions.merge();
  private final Action keep = MergeActions.keep();
  private final Action follow = MergeActions.follow();

  private static final String FOLLOWS = "ARRAY(SELECT DISTINCT unnest(follower_ids || ?::text[]))";

  @Test
  void mergeMarksTheDuplicateAndEndsItsHoldAndExtension() {
    TicketBuilder original = ticket("accepted").number("CX-20261126-0007").reporter("u-resident-9");
    JsonObject duplicate = ticket("assigned").number("CX-20261126-0042").reporter(REPORTER).followers(FOLLOWER)
        .duplicateCandidates(original.id()).onHoldSince(NOW.minusHours(1)).extensionRequested(NOW.plusDays(4), "x").json();
    JsonObject in = new JsonObject().put("intoId", original.id()).put("into", original.json());

    assertThat(merge.refuse(dispatcher(), duplicate, in, context())).isNull();
    Change c = merge.apply(dispatcher(), duplicate, in, context());

    assertThat(c.status()).isEqualTo("merged");
    assertThat(eventTypes(c)).containsExactly("merged");
    JsonObject data = eventData(c, "merged");
    assertThat(data.getString("intoId")).isEqualTo(original.id());
    assertThat(data.getString("intoNumber")).isEqualTo("CX-20261126-0007");
    assertThat(data.getString("reason")).isEqualTo("merged by the centre");
    assertThat(c.columns()).containsEntry("duplicate_of", UUID.fromString(original.id()))
        .containsEntry("on_hold", false).containsEntry("held_at", null).containsEntry("extension_until", null);
    assertThat((UUID[]) c.columns().get("duplicate_candidates")).isEmpty();
  }

  @Test
  void mergeMakesTheDuplicatesReportersFollowTheOriginal() {
    TicketBuilder original = ticket("whistled").number("CX-20261126-0007");
    TicketBuilder duplicate = ticket("assigned").number("CX-20261126-0042").reporter(REPORTER).followers(FOLLOWER, "u-resident-3");
    JsonObject in = new JsonObject().put("intoId", original.id()).put("into", original.json());

    Map<UUID, Change> others = merge.apply(dispatcher(), duplicate.json(), in, context()).others();

    assertThat(others).containsOnlyKeys(UUID.fromString(original.id()));
    Change onOriginal = others.get(UUID.fromString(original.id()));
    assertThat(onOriginal.status()).isNull();
    assertThat(eventTypes(onOriginal)).containsExactly("duplicate_merged");
    JsonObject data = eventData(onOriginal, "duplicate_merged");
    assertThat(data.getString("ticketId")).isEqualTo(duplicate.id());
    assertThat(data.getString("number")).isEqualTo("CX-20261126-0042");
    assertThat(data.getString("reason")).isEqualTo("merged by the centre");
    assertThat(onOriginal.expressions()).containsOnlyKeys("follower_ids");
    assertThat(onOriginal.expressions().get("follower_ids")[0]).isEqualTo(FOLLOWS);
    assertThat((String[]) onOriginal.expressions().get("follower_ids")[1])
        .containsExactly(REPORTER, FOLLOWER, "u-resident-3");
  }

  @Test
  void aDuplicateFiledByStaffWithoutAReporterPassesOnlyItsFollowers() {
    TicketBuilder original = ticket("accepted");
    JsonObject duplicate = ticket("received").reporter(null).followers(FOLLOWER).json();

    Change c = merge.apply(dispatcher(), duplicate, new JsonObject().put("into", original.json()), context());

    assertThat((String[]) c.others().get(UUID.fromString(original.id())).expressions().get("follower_ids")[1])
        .containsExactly(FOLLOWER);
  }

  @Test
  void mergeNeedsATicketIdThatIsNotItsOwn() {
    JsonObject t = ticket("assigned").json();

    assertThat(bodyErrors(merge, new JsonObject())).containsEntry("intoId", "required");
    // both checked before any lookup, so no connection is needed
    assertThat(merge.prepare(null, dispatcher(), t, new JsonObject().put("intoId", "CX-1"), context()).cause())
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.fields().getString("intoId")).isEqualTo("not a ticket id"));
    assertThat(merge.prepare(null, dispatcher(), t, new JsonObject().put("intoId", t.getString("id")), context()).cause())
        .isInstanceOfSatisfying(ApiError.class,
            e -> assertThat(e.fields().getString("intoId")).isEqualTo("a ticket cannot merge into itself"));
  }

  @Test
  void keepDismissesTheCandidates() {
    String candidate = UUID.randomUUID().toString();
    JsonObject t = ticket("assigned").duplicateCandidates(candidate).json();

    assertThat(keep.refuse(dispatcher(), t, new JsonObject(), context())).isNull();
    Change c = keep.apply(dispatcher(), t, new JsonObject(), context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isTrue();
    assertThat(eventTypes(c)).containsExactly("duplicates_dismissed");
    assertThat(eventData(c, "duplicates_dismissed").getJsonArray("candidates")).containsExactly(candidate);
    assertThat((UUID[]) c.columns().get("duplicate_candidates")).isEmpty();
  }

  @Test
  void keepIsRefusedWhenTheTicketIsNotFlagged() {
    assertThat(keep.refuse(dispatcher(), ticket("assigned").json(), new JsonObject(), context()))
        .isEqualTo("This ticket is not flagged as a possible duplicate");
  }

  @Test
  void followAddsTheReportersOfAReportMergedOnArrival() {
    JsonObject original = ticket("accepted").json();
    String duplicateId = UUID.randomUUID().toString();
    JsonObject in = input(follow, new JsonObject().put("ticketId", duplicateId).put("number", "CX-20261126-0050")
        .put("reporterIds", new JsonArray().add("u-resident-7")).put("reason", "same place, same words"));

    Change c = follow.apply(system(), original, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("duplicate_merged");
    JsonObject data = eventData(c, "duplicate_merged");
    assertThat(data.getString("ticketId")).isEqualTo(duplicateId);
    assertThat(data.getString("number")).isEqualTo("CX-20261126-0050");
    assertThat(data.getString("reason")).isEqualTo("same place, same words");
    assertThat((String[]) c.expressions().get("follower_ids")[1]).containsExactly("u-resident-7");
  }

  @Test
  void followNeedsAReasonAndNoDuplicate() {
    // a resident who follows a report nearby ("the same problem") filed no duplicate: no ticketId nor number
    assertThat(bodyErrors(follow, new JsonObject()))
        .containsEntry("reason", "required").doesNotContainKeys("ticketId", "number", "reporterIds");
  }
}
