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
        // (the failures here count towards this client's limit; repeatedFailures… clears it)
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
        jdbc.sql("delete from login_throttle_client").update(); // this client's count, which other classes' sign-ins share
        assertThat(new WebSession(port).login("panzhou.reviewer", "counterpart2018").location()).doesNotContain("error", "locked");
    }

    @Test
    void aNamesFailuresLockOnlyTheClientThatCausedThem() {
        String attacker = "127.0.0.11";
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(WebSession.loginFrom(port, attacker, "dalian.office", "wrong-" + i).location()).endsWith("/login?error");
            }
            assertThat(WebSession.loginFrom(port, attacker, "dalian.office", "counterpart2018").location()).contains("/login?locked=");
            // the owner of the account, elsewhere, signs in with the right password all the same
            WebSession.Page owner = WebSession.loginFrom(port, "127.0.0.12", "dalian.office", "counterpart2018");
            assertThat(owner.location()).doesNotContain("error", "locked");
            // and the attacker's lock holds on
            assertThat(WebSession.loginFrom(port, attacker, "dalian.office", "counterpart2018").location()).contains("/login?locked=");
        } finally {
            jdbc.sql("delete from login_throttle where username = 'dalian.office'").update();
            jdbc.sql("delete from login_throttle_client where client in ('127.0.0.11', '127.0.0.12')").update();
        }
    }

    @Test
    void aClientTryingManyNamesIsLockedForEveryNameButOtherClientsAreNot() {
        String sprayer = "127.0.0.13";
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(WebSession.loginFrom(port, sprayer, "benxi.ghost" + i, "wrong").location()).endsWith("/login?error");
            }
            // one try per name, none locked by name: the client itself is locked, even for a right password
            assertThat(WebSession.loginFrom(port, sprayer, "leader", "counterpart2018").location()).contains("/login?locked=");
            assertThat(WebSession.loginFrom(port, "127.0.0.14", "leader", "counterpart2018").location()).doesNotContain("error", "locked");
        } finally {
            jdbc.sql("delete from login_throttle where username like 'benxi.ghost%'").update();
            jdbc.sql("delete from login_throttle_client where client in ('127.0.0.13', '127.0.0.14')").update();
        }
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
