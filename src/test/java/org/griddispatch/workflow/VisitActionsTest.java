package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** Return visits (回访), an integration's rating and the review of a bad rating (差评复核), decided without a database. */
class VisitActionsTest {
  private final Action visit = VisitActions.visit();
  private final Action review = VisitActions.reviewRating();
  private final Action rate = OutcomeActions.rate();

  private static final String HOTLINE = "u-hotline";

  private static Actor hotline() { return new Actor(HOTLINE, Role.INTEGRATION, "12345热线", List.of(), null); }

  /** A hotline ticket: no resident account, filed by the integration. */
  private static JsonObject hotlineTicket(String status) {
    return ticket(status).reporter(null).resolvedAt(NOW.minusDays(1)).json().put("createdBy", HOTLINE).put("channel", "hotline12345")
        .put("visitAttempts", 0);
  }

  private static JsonObject withRating(JsonObject t, String rating, String verdict) {
    return t.put("rating", new JsonObject().put("rating", rating).put("comment", "没修好").put("at", iso(NOW.minusHours(3)))
        .put("review", verdict == null ? null : new JsonObject().put("verdict", verdict).put("reason", "x")));
  }

  @Test
  void visitNeedsReachedAndARatingOnlyWhenReached() {
    assertThat(bodyErrors(visit, new JsonObject())).containsEntry("reached", "required");
    assertThat(bodyErrors(visit, new JsonObject().put("reached", "yes"))).containsEntry("reached", "true or false");
    assertThat(bodyErrors(visit, new JsonObject().put("reached", false).put("rating", "good")))
        .containsEntry("rating", "only when the caller was reached");
    assertThat(bodyErrors(visit, new JsonObject().put("reached", true).put("rating", "great")))
        .containsEntry("rating", "must be one of bad, good, neutral");
    assertThat(bodyErrors(visit, new JsonObject().put("reached", true))).isEmpty();
  }

  @Test
  void aVisitWithARatingRecordsTheCallersRatingOnTheTicket() {
    JsonObject t = hotlineTicket("closed");
    JsonObject in = input(visit, new JsonObject().put("reached", true).put("rating", "good").put("comment", "满意"));

    assertThat(visit.refuse(dispatcher(), t, in, context())).isNull();
    Change c = visit.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("visited", "rated");
    assertThat(eventData(c, "visited").getBoolean("reached")).isTrue();
    assertThat(eventData(c, "rated").getString("source")).isEqualTo("visit");
    assertThat(c.columns()).containsEntry("rating", "good").containsEntry("rating_comment", "满意").containsEntry("visited_at", NOW)
        .containsEntry("visit_attempts", 1).containsEntry("rating_review", null);
    assertThat(c.statements()).singleElement(STRING).startsWith("INSERT INTO ticket_ratings");
  }

  @Test
  void aCallerNotReachedIsAnAttemptOnly() {
    JsonObject t = hotlineTicket("resolved").put("visitAttempts", 1);

    Change c = visit.apply(dispatcher(), t, input(visit, new JsonObject().put("reached", false)), context());

    assertThat(eventTypes(c)).containsExactly("visited");
    assertThat(c.columns()).containsEntry("visit_attempts", 2).doesNotContainKeys("visited_at", "rating");
    assertThat(c.statements()).isEmpty();
  }

  @Test
  void aBadRatingAtAVisitReopensAResolvedTicketLikeAResidents() {
    JsonObject t = hotlineTicket("resolved");

    Change c = visit.apply(dispatcher(), t, input(visit, new JsonObject().put("reached", true).put("rating", "bad")), context());

    assertThat(c.status()).isEqualTo("reopened");
    assertThat(eventTypes(c)).containsExactly("visited", "rated", "reopened");
  }

  @Test
  void visitIsRefusedWhereTheReporterRatesThemselvesOrTheCallerHasRated() {
    JsonObject in = input(visit, new JsonObject().put("reached", true).put("rating", "good"));

    assertThat(visit.refuse(dispatcher(), ticket("resolved").resolvedAt(NOW.minusDays(1)).json(), in, context()))
        .isEqualTo("The reporter has a resident account and rates in the app");
    assertThat(visit.refuse(dispatcher(), hotlineTicket("resolved").put("channel", "patrol"), in, context()))
        .isEqualTo("A patrol report has no caller to visit");
    assertThat(visit.refuse(dispatcher(), hotlineTicket("resolved"), in.copy().put("ratedBefore", iso(NOW.minusHours(1))), context()))
        .isEqualTo("The caller has already rated this ticket");
  }

  @Test
  void theVocabularyLetsTheCentreVisitAndTheFilingIntegrationRate() {
    JsonObject t = hotlineTicket("closed");

    assertThat(Vocabulary.allowedActions(dispatcher(), t)).contains("visit").doesNotContain("review-rating");
    assertThat(Vocabulary.allowedActions(hotline(), t)).contains("rate").doesNotContain("visit");
    assertThat(Vocabulary.allowedActions(new Actor("u-other", Role.INTEGRATION, "其他", List.of(), null), t)).doesNotContain("rate");
    assertThat(Vocabulary.allowedActions(worker(), t)).doesNotContain("visit", "rate", "review-rating");
    assertThat(Vocabulary.allowedActions(supervisor(), t)).contains("review-rating").doesNotContain("visit");
  }

  @Test
  void anIntegrationsRatingIsTheCallersRating() {
    JsonObject t = hotlineTicket("closed");
    JsonObject in = input(rate, new JsonObject().put("rating", "neutral"));

    Change c = rate.apply(hotline(), t, in, context());

    assertThat(eventTypes(c)).containsExactly("rated");
    assertThat(eventData(c, "rated").getString("source")).isEqualTo("integration");
    assertThat(c.columns()).containsEntry("rating", "neutral");
    assertThat(rate.refuse(hotline(), t, in.copy().put("ratedBefore", iso(NOW.minusHours(1))), context()))
        .isEqualTo("The caller has already rated this ticket");
  }

  @Test
  void reviewTakesAVerdictAndAReasonAndRedoOnlyWhenUpheld() {
    assertThat(bodyErrors(review, new JsonObject())).containsEntry("verdict", "required").containsEntry("reason", "required");
    assertThat(bodyErrors(review, new JsonObject().put("verdict", "wrong").put("reason", "x")))
        .containsEntry("verdict", "must be one of unreasonable, upheld");
    assertThat(bodyErrors(review, new JsonObject().put("verdict", "unreasonable").put("reason", "x").put("redo", true)))
        .containsEntry("redo", "only an upheld rating sends the ticket back");
  }

  @Test
  void anUnreasonableVerdictMarksTheRatingAndChangesNothingElse() {
    JsonObject t = withRating(hotlineTicket("closed"), "bad", null);
    JsonObject in = input(review, new JsonObject().put("verdict", "unreasonable").put("reason", "诉求超出职责范围"));

    assertThat(review.refuse(supervisor(), t, in, context())).isNull();
    Change c = review.apply(supervisor(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("rating_reviewed");
    assertThat(eventData(c, "rating_reviewed").getString("verdict")).isEqualTo("unreasonable");
    assertThat(c.columns()).containsEntry("rating_review", "unreasonable").containsEntry("rating_review_reason", "诉求超出职责范围");
    assertThat(c.statements()).singleElement(STRING).startsWith("UPDATE ticket_ratings SET review");
  }

  @Test
  void anUpheldRatingWithRedoSendsAClosedTicketBackToItsHandler() {
    // road_damage: seven working days from Thursday 26 Nov 10:00
    JsonObject t = withRating(hotlineTicket("closed"), "bad", null).put("closedAt", iso(NOW.minusHours(2)));
    JsonObject in = input(review, new JsonObject().put("verdict", "upheld").put("reason", "确实没修好").put("redo", true));

    Change c = review.apply(supervisor(), t, in, context());

    assertThat(c.status()).isEqualTo("reopened");
    assertThat(eventTypes(c)).containsExactly("rating_reviewed", "reopened");
    assertThat(eventData(c, "reopened").getString("reason")).isEqualTo("redo");
    assertThat(c.columns()).containsEntry("closed_at", null).containsEntry("resolved_at", null).containsEntry("reopen_count", 1)
        .containsEntry("rating_review", "upheld").doesNotContainKey("assignee_id");
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-12-07T10:00"));
  }

  @Test
  void reviewIsRefusedWithoutAnUnreviewedBadRating() {
    JsonObject in = input(review, new JsonObject().put("verdict", "upheld").put("reason", "x"));
    JsonObject redo = input(review, new JsonObject().put("verdict", "upheld").put("reason", "x").put("redo", true));

    assertThat(review.refuse(supervisor(), hotlineTicket("closed"), in, context())).isEqualTo("The ticket has no bad rating to review");
    assertThat(review.refuse(supervisor(), withRating(hotlineTicket("closed"), "good", null), in, context()))
        .isEqualTo("The ticket has no bad rating to review");
    assertThat(review.refuse(supervisor(), withRating(hotlineTicket("closed"), "bad", "upheld"), in, context()))
        .isEqualTo("This rating has been reviewed already");
    assertThat(review.refuse(supervisor(), withRating(hotlineTicket("reopened"), "bad", null), redo, context()))
        .isEqualTo("Only a resolved or closed ticket can be sent back to be redone");
  }
}
