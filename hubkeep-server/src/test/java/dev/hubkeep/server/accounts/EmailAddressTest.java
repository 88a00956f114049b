package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.errors.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"a@[127.0.0.1]", "a@[IPv6:::1]", "a@[10.0.0.1]", "a@127.0.0.1", "a@192.168.1.20"})
    void validate_ipAddressInsteadOfDomain_refused(String email) {
        assertThatThrownBy(() -> EmailAddress.validate(email))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("domain name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b+tag@mail.example.co.uk", "x@xn--bcher-kva.example", "bob@host1.example2"})
    void validate_mailboxAtDomainName_accepted(String email) {
        assertThat(EmailAddress.validate(email)).isEqualTo(email);
    }
}
