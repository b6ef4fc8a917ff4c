package org.griddispatch.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encryption against RFC 8291's worked example (Appendix A), and the key forms. */
class WebPushCryptoTest {
  static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
      + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  @Test
  void encryptsTheRfcsExampleToTheRfcsBytes() {
    KeyPair as = new KeyPair(WebPush.publicKey(WebPush.unb64(AS_PUBLIC)), WebPush.privateKey(WebPush.unb64(AS_PRIVATE)));
    byte[] body = WebPush.encrypt("When I grow up, I want to be a watermelon".getBytes(StandardCharsets.UTF_8),
        WebPush.unb64(UA_PUBLIC), WebPush.unb64(AUTH), as, WebPush.unb64(SALT));
    assertThat(WebPush.b64(body)).isEqualTo(BODY);
  }

  @Test
  void keysGoToTheirRawFormsAndBackAndAPairIsChecked() {
    KeyPair made = WebPush.generate();
    byte[] pub = WebPush.raw((ECPublicKey) made.getPublic());
    byte[] priv = WebPush.raw((ECPrivateKey) made.getPrivate());
    assertThat(pub).hasSize(65);
    assertThat(priv).hasSize(32);
    VapidKeys keys = VapidKeys.of(WebPush.b64(pub), WebPush.b64(priv), "mailto:ops@example.gov.cn");
    assertThat(keys.publicKeyText()).isEqualTo(WebPush.b64(pub));
    assertThatThrownBy(() -> VapidKeys.of(AS_PUBLIC, WebPush.b64(priv), "mailto:ops@example.gov.cn"))
        .hasMessageContaining("does not belong");
    assertThatThrownBy(() -> VapidKeys.of(WebPush.b64(pub), null, "mailto:ops@example.gov.cn")).hasMessageContaining("both");
    assertThatThrownBy(() -> WebPush.publicKey(new byte[65])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endpointsAreThoseOfPushServices() {
    var settings = new WebPushSender.PushSettings(60, 1000, false, WebPushSender.PushSettings.PUSH_SERVICES);
    assertThat(settings.check("https://fcm.googleapis.com/fcm/send/abc")).isNull();
    assertThat(settings.check("https://web.push.apple.com/QG")).isNull();
    assertThat(settings.check("https://updates.push.services.mozilla.com/wpush/v2/x")).isNull();
    assertThat(settings.check("http://fcm.googleapis.com/fcm/send/abc")).isEqualTo("not https");
    assertThat(settings.check("https://127.0.0.1/x")).isEqualTo("not a known push service");
    assertThat(settings.check("https://evil-fcm.googleapis.com.example/x")).isEqualTo("not a known push service");
    assertThat(settings.check("https://user@fcm.googleapis.com/x")).isEqualTo("not an absolute URL");
    assertThat(settings.check("not a url")).isNotNull();
  }
}
