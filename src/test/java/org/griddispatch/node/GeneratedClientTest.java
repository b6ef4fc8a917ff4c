package org.griddispatch.node;

import io.vertx.core.json.JsonObject;
import org.griddispatch.client.ApiClient;
import org.griddispatch.client.ApiException;
import org.griddispatch.client.api.ActionsApi;
import org.griddispatch.client.api.GridsAndCataloguesApi;
import org.griddispatch.client.api.SignInApi;
import org.griddispatch.client.api.TicketsApi;
import org.griddispatch.client.model.Error;
import org.griddispatch.client.model.LoginRequest;
import org.griddispatch.client.model.NewTicket;
import org.griddispatch.client.model.NoteBody;
import org.griddispatch.client.model.Point;
import org.griddispatch.client.model.RateBody;
import org.griddispatch.client.model.ReassignBody;
import org.griddispatch.client.model.RequestResidentCodeRequest;
import org.griddispatch.client.model.ResidentLoginRequest;
import org.griddispatch.client.model.SignIn;
import org.griddispatch.client.model.Ticket;
import org.griddispatch.client.model.TicketPage;
import org.griddispatch.client.model.TicketStatus;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A vendor's client, generated from the OpenAPI document by openapi-generator at build time
 * (target/generated-test-sources/openapi), used as is against a real node: sign in, file, list,
 * act, rate, and read a refusal in the contract's error format.
 */
class GeneratedClientTest extends NodeTest {

  @Test
  void aClientGeneratedFromTheDocumentWorksAsIs() throws Exception {
    SignInApi signIn = new SignInApi(client(null));
    SignIn dispatcher = signIn.login(new LoginRequest().username("dispatcher").password("demo1234"));
    SignIn worker = signIn.login(new LoginRequest().username("worker-dxm-02").password("demo1234"));
    assertThat(dispatcher.getUser().getName()).isEqualTo("许静");
    String phone = "13800000077";
    String code = signIn.requestResidentCode(new RequestResidentCodeRequest().phone(phone)).getDevCode();
    SignIn resident = signIn.residentLogin(new ResidentLoginRequest().phone(phone).code(code));

    JsonObject place = Points.of("dxm-02");
    Ticket filed = new TicketsApi(bearer(resident)).createTicket(new NewTicket().category("streetlight")
        .description("小区门口路灯不亮 [" + UUID.randomUUID() + "]").address("东溪门社区")
        .location(new Point().lat(BigDecimal.valueOf(place.getDouble("lat"))).lon(BigDecimal.valueOf(place.getDouble("lon")))),
        UUID.randomUUID().toString());
    assertThat(filed.getNumber()).startsWith("CX-");
    assertThat(filed.getGridId()).isEqualTo("dxm-02");
    assertThat(new GridsAndCataloguesApi(bearer(resident)).locateGrid(BigDecimal.valueOf(place.getDouble("lat")),
        BigDecimal.valueOf(place.getDouble("lon"))).getGridId()).isEqualTo("dxm-02");

    TicketPage page = new TicketsApi(bearer(dispatcher)).listTickets(null, "dxm-02", null, null, 200, null, null, null);
    assertThat(page.getItems()).extracting(Ticket::getId).contains(filed.getId());

    ActionsApi centre = new ActionsApi(bearer(dispatcher));
    ActionsApi hands = new ActionsApi(bearer(worker));
    if (!worker.getUser().getId().equals(filed.getAssigneeId())) {
      centre.reassignTicket(filed.getId(), null, null, new ReassignBody().assigneeId(worker.getUser().getId()).reason("由本网格网格员处理"));
    }
    Ticket current = new TicketsApi(bearer(worker)).getTicket(filed.getId());
    Ticket accepted = hands.acceptTicket(filed.getId(), "\"" + current.getVersion() + "\"", null, null);
    assertThat(accepted.getStatus()).isEqualTo(TicketStatus.ACCEPTED);
    assertThat(hands.resolveTicket(filed.getId(), null, UUID.randomUUID().toString(), new NoteBody().note("已更换灯泡，路灯恢复")).getStatus())
        .isEqualTo(TicketStatus.RESOLVED);
    Ticket rated = new ActionsApi(bearer(resident)).rateTicket(filed.getId(), null, null,
        new RateBody().rating(RateBody.RatingEnum.GOOD).comment("修得很快"));
    assertThat(rated.getRating().getRating().getValue()).isEqualTo("good");

    // a refusal reaches the vendor as an ApiException whose body is the document's Error
    assertThatThrownBy(() -> hands.acceptTicket(filed.getId(), null, null, null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          try {
            Error error = new ApiClient().getObjectMapper().readValue(e.getResponseBody(), Error.class);
            assertThat(error.getError().getCode()).isEqualTo("invalid_transition");
          } catch (java.io.IOException io) {
            throw new AssertionError(io);
          }
        });

    // an integration account with its key instead of a token
    TicketPage hotline = new TicketsApi(client(b -> b.header("X-Api-Key", "demo-hotline-key"))).listTickets(null, null, null, null, 10, null, null, null);
    assertThat(hotline.getItems()).allSatisfy(t -> assertThat(t.getId()).isNotEqualTo(filed.getId()));
  }

  private static ApiClient bearer(SignIn signIn) {
    return client(b -> b.header("Authorization", "Bearer " + signIn.getToken()));
  }

  private static ApiClient client(Consumer<java.net.http.HttpRequest.Builder> credentials) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + node.port() + "/api/v1");
    if (credentials != null) client.setRequestInterceptor(credentials);
    return client;
  }
}
