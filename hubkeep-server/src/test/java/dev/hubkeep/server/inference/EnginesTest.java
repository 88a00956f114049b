package dev.hubkeep.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnginesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void parse_modelFirstThenPipelineThenDefault() {
        Engines engines = Engines.parse("default http://a:1/v1; text-generation http://b:2/v1; Alice/Tiny http://c:3/v1",
                TIMEOUT);

        assertThat(engines.forModel("alice/tiny", () -> Optional.of("text-generation")).orElseThrow().base())
                .isEqualTo(URI.create("http://c:3/v1"));
        assertThat(engines.forModel("alice/other", () -> Optional.of("text-generation")).orElseThrow().base())
                .isEqualTo(URI.create("http://b:2/v1"));
        assertThat(engines.forModel("alice/other", Optional::empty).orElseThrow().base()).isEqualTo(URI.create("http://a:1/v1"));
    }

    @Test
    void forModel_noDefaultAndNotMapped_none() {
        Engines engines = Engines.parse("alice/tiny http://c:3/v1", TIMEOUT);

        assertThat(engines.forModel("alice/other", () -> Optional.of("text-generation"))).isEmpty();
    }

    @Test
    void parse_keyInTheUrl_keptApartFromTheAddress() {
        Engine engine = Engines.parse("default https://sk-123@gpu:8000/v1/", TIMEOUT).fallback().orElseThrow();

        assertThat(engine.base()).isEqualTo(URI.create("https://gpu:8000/v1"));
        assertThat(engine.apiKey()).contains("sk-123");
        assertThat(engine.toString()).doesNotContain("sk-123");
    }

    @Test
    void parse_templateAndTimeout_applied() {
        Engine engine = Engines.parse("default http://a/v1 model={model}@{revision} timeout=500ms", TIMEOUT)
                .fallback().orElseThrow();

        assertThat(engine.engineModel(new ModelRef("alice", "tiny", Optional.of("v2")))).isEqualTo("alice/tiny@v2");
        assertThat(engine.timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void parse_noTemplate_repositoryIdAndTheDefaultTimeout() {
        Engine engine = Engines.parse("default http://a/v1", TIMEOUT).fallback().orElseThrow();

        assertThat(engine.engineModel(new ModelRef("alice", "tiny", Optional.empty()))).isEqualTo("alice/tiny");
        assertThat(engine.timeout()).isEqualTo(TIMEOUT);
    }

    @Test
    void parse_unknownPlaceholder_refusedNamingIt() {
        assertThatThrownBy(() -> Engines.parse("default http://a/v1 model={name}", TIMEOUT))
                .hasMessageContaining("{name}");
    }

    @Test
    void parse_notHttp_refusedWithoutTheKey() {
        assertThatThrownBy(() -> Engines.parse("default ftp://sk-123@a/v1", TIMEOUT))
                .hasMessageContaining("http://").hasMessageNotContaining("sk-123");
    }

    @Test
    void parse_sameTargetTwice_refused() {
        assertThatThrownBy(() -> Engines.parse("default http://a/v1; default http://b/v1", TIMEOUT))
                .hasMessageContaining("mapped twice");
    }

    @Test
    void parse_malformedEntry_refusedWithoutTheKey() {
        assertThatThrownBy(() -> Engines.parse("http://sk-123@a/v1", TIMEOUT))
                .hasMessageContaining("TARGET URL").hasMessageNotContaining("sk-123");
    }
}
