package dev.rewind.examples.bank.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts context on a real runtime and an embedded store: what its commands answer their callers. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountsContextTest {

    @TempDir
    Path folder;

    @Test
    void opening_answers_the_new_id_and_a_withdrawal_the_balance_that_is_left() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
                Rewind rewind = backend.runtime().context(new AccountsModule().describe()).build().start()) {
            // given
            AccountId ada = rewind.commands().send(new OpenAccount(new AccountId("ada"), "Ada"))
                    .value(AccountId.class);
            rewind.commands().send(new Deposit(ada, 100));
            // when
            long balance = rewind.commands().send(new Withdraw(ada, 40)).value(Long.class);
            // then
            assertThat(ada).isEqualTo(new AccountId("ada"));
            assertThat(balance).isEqualTo(60);
        }
    }
}
