package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "git:0123456789abcdef0123456789abcdef01234567",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    })
    void wellFormed_accepted(String text) {
        assertThat(new ScanKey(text).text()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git:0123456789ABCDEF0123456789abcdef01234567", // uppercase
        "git:0123456789abcdef0123456789abcdef0123456", // one digit short
        "git:0123456789abcdef0123456789abcdef012345678", // one digit long
        "sha256:0123456789abcdef0123456789abcdef01234567", // a blob id under the wrong kind
        "git:0123456789abcdef0123456789abcdef0123456g",
        "blob:0123456789abcdef0123456789abcdef01234567",
        ""
    })
    void malformed_refused(String text) {
        assertThatThrownBy(() -> new ScanKey(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
