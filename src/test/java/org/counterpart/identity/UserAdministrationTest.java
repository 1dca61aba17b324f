package org.counterpart.identity;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An administrator creates and changes accounts through the users page. */
@IntegrationTest
@Claims(scenario = "creates accounts of its own (shuicheng.*) scoped to 水城区")
class UserAdministrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static Map<String, String> form(String username, String role, String region, String password) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("displayName", "水城区扶贫办 测试");
        f.put("role", role);
        f.put("scopeRegion", region);
        f.put("locale", "zh-CN");
        f.put("enabled", "true");
        f.put("password", password);
        f.put("version", "0");
        return f;
    }

    @Test
    void badInputIsRefusedFieldByFieldAndNothingIsStored() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/admin/users/new");
        assertThat(admin.post("/admin/users/new", form("Bad Name!", "REPORTER", "520204", "long-enough-1")).text())
                .contains("小写字母、数字");
        assertThat(admin.post("/admin/users/new", form("shuicheng.test", "REPORTER", "520204", "short")).text())
                .contains("密码至少需要 10 个字符");
        assertThat(admin.post("/admin/users/new", form("shuicheng.test", "REPORTER", "520299", "long-enough-1")).text())
                .contains("不存在代码为 520299 的区划");
        assertThat(admin.post("/admin/users/new", form("leader", "REPORTER", "520204", "long-enough-1")).text())
                .contains("用户名 leader 已被使用");
        assertThat(jdbc.sql("select count(*) from user_account where username = 'shuicheng.test'").query(Long.class).single()).isZero();
    }

    @Test
    void aNewReporterSignsInAndSeesOnlyItsCounty() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/admin/users/new");
        WebSession.Page created = admin.post("/admin/users/new", form("shuicheng.reporter", "REPORTER", "520204", "shuicheng-2018"));
        assertThat(created.status()).isEqualTo(302);

        WebSession reporter = new WebSession(port);
        assertThat(reporter.login("shuicheng.reporter", "shuicheng-2018").location()).doesNotContain("error");
        assertThat(reporter.get("/").body()).contains("水城区");
        assertThat(reporter.get("/institutions").body()).contains("六盘水高新技术产业开发区").doesNotContain("钟山区人民政府");

        assertThat(jdbc.sql("select after_state from audit_entry where entity_kind = 'identity.user' and action = 'created' order by seq desc fetch first 1 rows only")
                .query(String.class).single()).contains("shuicheng.reporter").doesNotContain("shuicheng-2018");
    }

    @Test
    void anAdministratorCannotLockThemselvesOut() {
        WebSession admin = WebSession.signedIn(port, "admin");
        long id = jdbc.sql("select id from user_account where username = 'admin'").query(Long.class).single();
        int version = jdbc.sql("select version from user_account where id = :id").param("id", id).query(Integer.class).single();
        admin.get("/admin/users/" + id);
        Map<String, String> f = form("admin", "VIEWER", "0", "");
        f.put("version", String.valueOf(version));
        assertThat(admin.post("/admin/users/" + id, f).text()).contains("不能取消自己的管理员角色");
        assertThat(jdbc.sql("select role from user_account where id = :id").param("id", id).query(String.class).single())
                .isEqualTo("ADMINISTRATOR");
    }
}
