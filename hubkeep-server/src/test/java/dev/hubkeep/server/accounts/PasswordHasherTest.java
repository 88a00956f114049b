package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final PasswordHasher.Cost CHEAP = new PasswordHasher.Cost(64, 1, 1);

    @Test
    void hash_productionCost_argon2idWithOwaspsParameters() {
        assertThat(new PasswordHasher(1, 0).hash("correct horse")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void hash_lowerCost_carriesThatCost() {
        assertThat(new PasswordHasher(1, 0, CHEAP).hash("correct horse")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
    }

    @Test
    void verify_hashMadeAtTheProductionCost_acceptedAtAnotherCost() {
        String stored = new PasswordHasher(1, 0).hash("correct horse");

        assertThat(new PasswordHasher(1, 0, CHEAP).verify("correct horse", stored)).isTrue();
    }

    @Test
    void verify_hashMadeAtTheProductionCost_wrongPasswordRefusedAtAnotherCost() {
        String stored = new PasswordHasher(1, 0).hash("correct horse");

        assertThat(new PasswordHasher(1, 0, CHEAP).verify("battery staple", stored)).isFalse();
    }

    @Test
    void cost_lessThanArgon2sMinimumMemory_refused() {
        assertThatThrownBy(() -> new PasswordHasher.Cost(7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
