package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which raw paths have one meaning, and which are refused before routing. */
class AmbiguousPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/", "/api/models", "/api/models/", "/alice/bert/resolve/main/config.json",
            "/api/models/alice/bert/revision/refs%2Fpr%2F1", "/alice/bert/resolve/main/a%20b.txt",
            "/alice/bert/resolve/main/.gitattributes", "/alice/bert/resolve/main/a%3Bb", "/alice/bert/resolve/main/..x",
            "/alice/bert/resolve/main/%E2%9C%93.txt"})
    void plainPath_accepted(String path) {
        assertThat(AmbiguousPaths.problem(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/./x", "/a/../x", "/%2e/x", "/%2E%2E/x", "/%252e/x", "/%25252E%25252E/x", "/x;y/z", "/x/;", "//x",
            "/a//b", "/a/%00", "/a/%0a", "/a/%5c", "/a/%zz", "/a/%2", "", "x"})
    void ambiguousPath_refused(String path) {
        assertThat(AmbiguousPaths.problem(path)).isPresent();
    }
}
