package dev.rewind.examples.bank.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.testing.AggregateFixture;
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
import dev.rewind.examples.bank.accounts.domain.ReceiveTransfer;
import dev.rewind.examples.bank.accounts.domain.RefundTransfer;
import dev.rewind.examples.bank.accounts.domain.SendTransfer;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferReference;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountTest {

    private static final AccountId ADA = new AccountId("ada");
    private static final TransferReference T1 = new TransferReference("t1");
    private final AggregateFixture accounts = AggregateFixture.of(new AccountsModule());

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
    void each_command_decides_on_what_the_commands_before_it_left() {
        accounts.givenCommands(new OpenAccount(ADA, "Ada"))
                .when(new Deposit(ADA, 100))
                .andWhen(new Withdraw(ADA, 500))
                .thenThrows(InsufficientFunds.class, "balance 100 is less than 500")
                .andWhen(new Withdraw(ADA, 40))
                .thenEvents(new MoneyWithdrawn(ADA, 40, 60))
                .thenAllEvents(new MoneyDeposited(ADA, 100, 100), new MoneyWithdrawn(ADA, 40, 60));
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
    void a_transfer_is_paid_out_once() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .when(new SendTransfer(ADA, T1, 60))
                .thenEvents(new TransferSent(ADA, T1, 60, 40));
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100),
                        new TransferSent(ADA, T1, 60, 40))
                .when(new SendTransfer(ADA, T1, 60))
                .thenNoEvents();
    }

    @Test
    void a_transfer_larger_than_the_balance_is_refused() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .when(new SendTransfer(ADA, T1, 101))
                .thenThrows(InsufficientFunds.class, "balance 100 is less than 101");
    }

    @Test
    void a_transfer_is_received_once_and_not_by_a_closed_account() {
        accounts.given(new AccountOpened(ADA, "Ada"))
                .when(new ReceiveTransfer(ADA, T1, 25))
                .thenEvents(new TransferReceived(ADA, T1, 25, 25));
        accounts.given(new AccountOpened(ADA, "Ada"), new TransferReceived(ADA, T1, 25, 25))
                .when(new ReceiveTransfer(ADA, T1, 25))
                .thenNoEvents();
        accounts.given(new AccountOpened(ADA, "Ada"), new AccountClosed(ADA))
                .when(new ReceiveTransfer(ADA, T1, 25))
                .thenThrows(AccountClosedException.class, "is closed");
    }

    @Test
    void a_refund_pays_back_once_even_to_a_closed_account() {
        accounts.given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100),
                        new TransferSent(ADA, T1, 60, 40), new AccountClosed(ADA))
                .when(new RefundTransfer(ADA, T1, 60))
                .thenEvents(new TransferRefunded(ADA, T1, 60, 100));
        accounts.given(new AccountOpened(ADA, "Ada"), new TransferRefunded(ADA, T1, 60, 60))
                .when(new RefundTransfer(ADA, T1, 60))
                .thenNoEvents();
    }
}
