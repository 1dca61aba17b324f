package org.counterpart.identity;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@Claims(scenario = "signs the demo users in and out; clears the sign-in failures it causes")
class SignInTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
        WebSession.Page wrongPassword = new WebSession(port).login("leader", "not-the-password");
        WebSession.Page unknownName = new WebSession(port).login("nobody-at-all", "not-the-password");
        assertThat(wrongPassword.location()).endsWith("/login?error");
        assertThat(unknownName.location()).isEqualTo(wrongPassword.location());
    }

    @Test
    void repeatedFailuresLockANameWhetherOrNotItExists() {
        for (String name : new String[]{"panzhou.reviewer", "ghost.user"}) {
            for (int i = 0; i < 5; i++) {
                assertThat(new WebSession(port).login(name, "wrong-" + i).location()).endsWith("/login?error");
            }
            // even the right password is refused while the name is locked, and the answer names only the wait
            WebSession.Page locked = new WebSession(port).login(name, "counterpart2018");
            assertThat(locked.location()).contains("/login?locked=");
        }
        jdbc.sql("delete from login_throttle where username in ('panzhou.reviewer', 'ghost.user')").update();
        assertThat(new WebSession(port).login("panzhou.reviewer", "counterpart2018").location()).doesNotContain("error", "locked");
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.postRaw("/institutions/new", Map.of("nameZh", "无令牌", "kind", "ENTERPRISE", "region", "2102"));
        assertThat(page.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from institution where name_zh = '无令牌'").query(Long.class).single()).isZero();
    }

    @Test
    void passwordsAreStoredOnlyAsArgon2Hashes() {
        assertThat(jdbc.sql("select password_hash from user_account").query(String.class).list())
                .allSatisfy(hash -> assertThat(hash).startsWith("{argon2}").doesNotContain("counterpart2018"));
    }

    @Test
    void signingOutEndsTheSession() {
        WebSession s = WebSession.signedIn(port, "leader");
        assertThat(s.get("/").status()).isEqualTo(200);
        assertThat(s.post("/logout", Map.of()).location()).endsWith("/login?logout");
        WebSession english = WebSession.signedIn(port, "qixing.reporter");
        english.get("/");
        assertThat(english.post("/logout", Map.of()).location()).endsWith("/login?logout&lang=en");
        assertThat(s.get("/").status()).isEqualTo(302);
    }

    @Test
    void theLanguageSwitchOnlyReturnsToAddressesOfThisSite() {
        WebSession s = WebSession.signedIn(port, "leader");
        assertThat(s.get("/language?to=en&back=https://evil.example/").location()).doesNotContain("evil");
        assertThat(s.get("/language?to=en&back=//evil.example/").location()).doesNotContain("evil");
        assertThat(s.get("/language?to=zh-CN&back=/regions").location()).endsWith("/regions");
    }
}
