package org.counterpart.shared;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared job runner: a job runs as its owner, reports its stage and rows, ends with an outcome or
 * as failed with a message key (logged once, no personal data), and only its owner or an
 * administrator may follow it, in the service and through the registry's job pages. Creates no data.
 */
@IntegrationTest
@Claims(scenario = "runs jobs as demo users and creates no placed data")
@ExtendWith(OutputCaptureExtension.class)
class JobsTest {

    @LocalServerPort
    int port;

    @Autowired
    Jobs jobs;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void as(String username, String role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, "n/a",
                List.of(new SimpleGrantedAuthority("ROLE_" + role))));
    }

    private Jobs.View waitFor(String id) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Jobs.View view = jobs.view(id);
            if (view.finished()) {
                return view;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the job did not finish");
    }

    @Test
    void aJobRunsAsItsOwnerReportsItsStagesAndEndsWithItsOutcome() throws InterruptedException {
        as("lps.office", "COORDINATOR");
        String[] ranAs = new String[1];
        String id = jobs.start("registry-import", "file.csv", "import.job.failed", progress -> {
            ranAs[0] = SecurityContextHolder.getContext().getAuthentication().getName();
            progress.total(10);
            progress.done(10);
            progress.stage(JobProgress.Stage.WRITING, 2018);
            progress.total(4);
            progress.done(2);
            return 42;
        });
        Jobs.View done = waitFor(id);
        assertThat(ranAs[0]).isEqualTo("lps.office");
        assertThat(done.outcomeId()).contains(42L);
        assertThat(done.failed()).isFalse();
        assertThat(done.stage()).isEqualTo(JobProgress.Stage.WRITING);
        assertThat(done.year()).isEqualTo(2018);
        assertThat(done.done()).isEqualTo(2);
        assertThat(done.percent()).isEqualTo(50);
        assertThat(done.stageKey()).isEqualTo("job.stage.done");
        assertThat(done.label()).isEqualTo("file.csv");

        as("dalian.office", "COORDINATOR");
        assertThatThrownBy(() -> jobs.view(id)).isInstanceOf(AccessDeniedException.class);
        as("admin", "ADMINISTRATOR");
        assertThat(jobs.view(id).outcomeId()).contains(42L);
        SecurityContextHolder.clearContext();
        assertThatThrownBy(() -> jobs.view(id)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> jobs.start("registry-check", "x", "import.job.failed", progress -> 1))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aFailureEndsTheJobWithItsKeyAndIsLoggedOnceWithoutPersonalData(CapturedOutput output) throws InterruptedException {
        as("lps.office", "COORDINATOR");
        String failing = jobs.start("registry-import", "file.csv", "import.job.failed", progress -> {
            throw new IllegalStateException("row of 520201199001011234, phone 13812345678");
        });
        Jobs.View failed = waitFor(failing);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.failureKey()).contains("import.job.failed");
        assertThat(failed.outcomeId()).isEmpty();
        assertThat(output.getAll()).contains("Job " + failing).contains("IllegalStateException")
                .doesNotContain("520201199001011234").doesNotContain("13812345678");
        assertThat(output.getAll().split("Job " + failing, -1)).hasSize(2);

        String refused = jobs.start("registry-import", "file.csv", "import.job.failed", progress -> {
            throw new InvalidInputException("file", "import.file.empty");
        });
        assertThat(waitFor(refused).failureKey()).contains("import.file.empty");
    }

    @Test
    void theProgressPageAndFragmentAreTheOwnersOnly() throws InterruptedException {
        as("lps.office", "COORDINATOR");
        CountDownLatch release = new CountDownLatch(1);
        String id = jobs.start("registry-check", "running.csv", "import.job.failed", progress -> {
            progress.total(1000);
            progress.done(250);
            try {
                release.await(180, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 7;
        });
        try {
            WebSession owner = WebSession.signedIn(port, "lps.office");
            WebSession.Page page = owner.get("/registry/imports/jobs/" + id);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("running.csv").contains("试导入");
            for (int i = 0; i < 100 && !owner.get("/registry/imports/jobs/" + id).text().contains("250"); i++) {
                Thread.sleep(50);
            }
            WebSession.Page fragment = owner.getWithHeader("/registry/imports/jobs/" + id + "/progress", "HX-Request", "true");
            assertThat(fragment.status()).isEqualTo(200);
            assertThat(fragment.body()).contains("hx-get=\"/registry/imports/jobs/" + id + "/progress\"")
                    .contains("第 1 步").contains("已处理 250 / 1,000 行").contains("25%").doesNotContain("<html");

            WebSession other = WebSession.signedIn(port, "dalian.office");
            assertThat(other.get("/registry/imports/jobs/" + id).status()).isEqualTo(403);
            assertThat(other.getWithHeader("/registry/imports/jobs/" + id + "/progress", "HX-Request", "true").status()).isEqualTo(403);
            assertThat(WebSession.signedIn(port, "admin").get("/registry/imports/jobs/" + id).status()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        waitFor(id);
        WebSession.Page done = WebSession.signedIn(port, "lps.office").get("/registry/imports/jobs/" + id);
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/registry/imports/7");
    }
}
