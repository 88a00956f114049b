package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.errors.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTest {

    @ParameterizedTest
    @ValueSource(strings = {"al", "alice", "Alice_B", "a.b-c_d", "x1", "0xdeadbeef", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"})
    void validate_acceptableName_accepted(String name) {
        assertThatCode(() -> Username.validate(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "-alice", "alice-", ".alice", "alice.", "_a_",
                "al--ice", "al._ice", "ali ce", "ali/ce", "alice@x", "älice", "", "admin", "API", "models", "v1", "hf-inference"
            })
    void validate_unacceptableName_refused(String name) {
        assertThatThrownBy(() -> Username.validate(name)).isInstanceOf(InvalidInputException.class);
    }
}
