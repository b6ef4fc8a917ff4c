package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** The resident's say and the end, decided without a database: rate, reopen, close. */
class OutcomeActionsTest {
  private final Action rate = OutcomeActions.rate();
  private final Action reopen = OutcomeActions.reopen();
  private final Action close = OutcomeActions.close();

  private static JsonObject rating(String rating) {
    return input(OutcomeActions.rate(), new JsonObject().put("rating", rating).put("comment", "还是坏的"));
  }

  @Test
  void rateTakesOneOfThreeRatings() {
    assertThat(bodyErrors(rate, new JsonObject())).containsEntry("rating", "required");
    assertThat(bodyErrors(rate, new JsonObject().put("rating", "excellent")))
        .containsEntry("rating", "must be one of bad, good, neutral");
    assertThat(bodyErrors(rate, new JsonObject().put("rating", "neutral"))).isEmpty();
  }

  @Test
  void aGoodRatingByTheReporterIsRecordedOnTheTicket() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(1)).json();
    JsonObject in = rating("good");

    assertThat(rate.refuse(resident(REPORTER), t, in, context())).isNull();
    Change c = rate.apply(resident(REPORTER), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("rated");
    assertThat(eventData(c, "rated").getString("rating")).isEqualTo("good");
    assertThat(eventData(c, "rated").getString("comment")).isEqualTo("还是坏的");
    assertThat(c.columns()).containsEntry("rating", "good").containsEntry("rating_comment", "还是坏的")
        .containsEntry("rated_at", NOW).doesNotContainKey("resolve_by");
    assertThat(c.statements()).singleElement(STRING).startsWith("INSERT INTO ticket_ratings");
  }

  @Test
  void aFollowersRatingIsKeptApartFromTheTicketsOwn() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(1)).followers(FOLLOWER).json();

    Change c = rate.apply(resident(FOLLOWER), t, rating("neutral"), context());

    assertThat(eventTypes(c)).containsExactly("rated");
    assertThat(c.columns()).doesNotContainKeys("rating", "rating_comment", "rated_at");
    assertThat(c.statements()).singleElement(STRING).startsWith("INSERT INTO ticket_ratings");
  }

  @Test
  void aBadRatingWithinTheReopenWindowReopensWithAFreshResolveBy() {
    // road_damage resolves in 2940 working minutes: seven working days from Thursday 26 Nov 10:00
    JsonObject t = ticket("resolved").category("road_damage").resolvedAt(NOW.minusDays(6)).reopenCount(1).json();

    Change c = rate.apply(resident(REPORTER), t, rating("bad"), context());

    assertThat(c.status()).isEqualTo("reopened");
    assertThat(eventTypes(c)).containsExactly("rated", "reopened");
    assertThat(eventData(c, "reopened").getString("reason")).isEqualTo("bad rating");
    assertThat(eventData(c, "reopened").getString("comment")).isEqualTo("还是坏的");
    assertThat(c.columns()).containsEntry("reopen_count", 2).containsEntry("resolved_at", null)
        .containsEntry("on_hold", false).containsEntry("rating", "bad");
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-12-07T10:00"));
  }

  @Test
  void aBadRatingOnTheLastMomentOfTheWindowStillReopens() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(7)).json();

    assertThat(rate.apply(resident(REPORTER), t, rating("bad"), context()).status()).isEqualTo("reopened");
  }

  @Test
  void aBadRatingOutsideTheReopenWindowDoesNotReopen() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(7).minusMinutes(1)).json();

    Change c = rate.apply(resident(REPORTER), t, rating("bad"), context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("rated");
    assertThat(c.columns()).doesNotContainKeys("resolve_by", "resolved_at", "reopen_count");
  }

  @Test
  void theReopenWindowComesFromTheWorkflowSettings() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(3)).json();

    Change c = rate.apply(resident(REPORTER), t, rating("bad"), context(NOW, new JsonObject().put("reopenWindowDays", 2)));

    assertThat(c.status()).isNull();
  }

  @Test
  void aBadRatingOfAClosedTicketDoesNotReopenIt() {
    JsonObject t = ticket("closed").resolvedAt(NOW.minusDays(1)).closedAt(NOW.minusHours(1)).json();

    assertThat(rate.apply(resident(REPORTER), t, rating("bad"), context()).status()).isNull();
  }

  @Test
  void rateIsRefusedASecondTimeForTheSameResolution() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(1)).json();

    assertThat(rate.refuse(resident(REPORTER), t, rating("good").put("ratedBefore", iso(NOW.minusHours(2))), context()))
        .isEqualTo("You have already rated this ticket");
    assertThat(rate.refuse(resident(REPORTER), t, rating("good").put("ratedBefore", iso(NOW.minusDays(1))), context()))
        .as("rated at the very moment it was resolved").isEqualTo("You have already rated this ticket");
  }

  @Test
  void rateIsAllowedAgainAfterTheTicketIsResolvedAnew() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(1)).json();

    assertThat(rate.refuse(resident(REPORTER), t, rating("good").put("ratedBefore", iso(NOW.minusDays(4))), context())).isNull();
  }

  @Test
  void reopenWithinTheWindowRestartsTheResolveClock() {
    // gas_leak resolves in 240 calendar minutes
    JsonObject t = ticket("closed").category("gas_leak").resolvedAt(NOW.minusDays(5)).closedAt(NOW.minusDays(2)).json();
    JsonObject in = input(reopen, new JsonObject().put("reason", "又漏了"));

    assertThat(reopen.refuse(resident(REPORTER), t, in, context())).isNull();
    Change c = reopen.apply(resident(REPORTER), t, in, context());

    assertThat(c.status()).isEqualTo("reopened");
    assertThat(eventTypes(c)).containsExactly("reopened");
    assertThat(eventData(c, "reopened").getString("reason")).isEqualTo("又漏了");
    assertThat(c.columns()).containsEntry("reopen_count", 1).containsEntry("resolved_at", null)
        .containsEntry("closed_at", null).containsEntry("on_hold", false).containsEntry("extension_until", null);
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(NOW.plusMinutes(240));
    assertThat(bodyErrors(reopen, new JsonObject())).containsEntry("reason", "required");
  }

  @Test
  void reopeningAServiceRequestGivesItsTimeLimitInWorkingDaysAgain() {
    // childcare_subsidy: 20 working days, from Thursday 26 Nov 10:00 to Thursday 24 Dec 10:00
    JsonObject t = ticket("resolved").service("childcare_subsidy").resolvedAt(NOW.minusDays(1)).json();

    Change c = reopen.apply(resident(REPORTER), t, new JsonObject().put("reason", "材料没给退回"), context());

    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-12-24T10:00"));
  }

  @Test
  void reopenIsRefusedAfterTheWindow() {
    JsonObject t = ticket("closed").resolvedAt(NOW.minusDays(8)).closedAt(NOW.minusDays(5)).json();

    assertThat(reopen.refuse(resident(REPORTER), t, new JsonObject().put("reason", "x"), context()))
        .isEqualTo("The reopen window of 7 days has passed");
    assertThat(reopen.refuse(resident(REPORTER), t, new JsonObject().put("reason", "x"),
        context(NOW, new JsonObject().put("reopenWindowDays", 10)))).isNull();
  }

  @Test
  void closeClosesAResolvedTicket() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusDays(1)).json();

    assertThat(close.refuse(dispatcher(), t, new JsonObject(), context())).isNull();
    Change c = close.apply(dispatcher(), t, new JsonObject(), context());

    assertThat(c.status()).isEqualTo("closed");
    assertThat(c.columns()).containsEntry("closed_at", NOW).hasSize(1);
    assertThat(eventTypes(c)).containsExactly("closed");
    assertThat(eventData(c, "closed").isEmpty()).isTrue();
  }
}
