package dev.rewind.examples.bank.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.testing.AggregateFixture;
import dev.rewind.core.testing.ProjectorFixture;
import dev.rewind.examples.bank.accounts.application.AccountEvents;
import dev.rewind.examples.bank.accounts.domain.AccountClosed;
import dev.rewind.examples.bank.accounts.domain.AccountClosedException;
import dev.rewind.examples.bank.accounts.domain.AccountEvent;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.AccountOpened;
import dev.rewind.examples.bank.accounts.domain.CloseAccount;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.InsufficientFunds;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import dev.rewind.examples.bank.accounts.projection.AccountSummaries;
import dev.rewind.examples.bank.accounts.projection.AccountSummary;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountTest {

    private static final AccountId ADA = new AccountId("ada");
    private final AggregateFixture accounts = AggregateFixture.of(new AccountsModule(new AccountSummaries()));

    @Test
    void opening_an_account_records_its_owner() {
        accounts.when(new OpenAccount(ADA, "Ada")).thenEvents(new AccountOpened(ADA, "Ada"));
    }

    @Test
    void a_deposit_raises_the_balance() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .when(new Deposit(ADA, 250))
                .thenEvents(new MoneyDeposited(ADA, 250, 350));
    }

    @Test
    void a_withdrawal_lowers_the_balance() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .when(new Withdraw(ADA, 40))
                .thenEvents(new MoneyWithdrawn(ADA, 40, 60));
    }

    @Test
    void an_overdraft_is_refused() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .when(new Withdraw(ADA, 500))
                .thenThrows(InsufficientFunds.class, "balance 100 is less than 500");
    }

    @Test
    void a_closed_account_takes_no_deposit_and_closing_twice_changes_nothing() {
        accounts.given(new AccountOpened(ADA, "Ada"), new AccountClosed(ADA))
                .when(new Deposit(ADA, 5))
                .thenThrows(AccountClosedException.class, "is closed");
        accounts.given(new AccountOpened(ADA, "Ada"), new AccountClosed(ADA))
                .when(new CloseAccount(ADA))
                .thenNoEvents();
    }

    @Test
    void every_account_event_has_a_stable_type_name() {
        for (Class<?> type : AccountEvent.class.getPermittedSubclasses()) {
            assertThat(AccountEvents.TYPES.nameOf(type)).as(type.getSimpleName()).isPresent();
        }
    }

    @Test
    void the_summary_follows_the_balance() {
        ProjectorFixture.of(new AccountSummaries())
                .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100),
                        new MoneyWithdrawn(ADA, 30, 70))
                .thenState(s -> s.find(ADA), Optional.of(new AccountSummary("ada", "Ada", 70)));
    }
}
