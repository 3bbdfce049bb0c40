package dev.rewind.examples.bank.accounts;

import dev.rewind.core.testing.ProjectorFixture;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.AccountOpened;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferReference;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.accounts.projection.AccountSummary;
import dev.rewind.examples.bank.accounts.projection.AccountSummaryProjector;
import dev.rewind.examples.bank.accounts.projection.TransactionHistoryProjector;
import dev.rewind.examples.bank.accounts.projection.TransactionType;
import dev.rewind.examples.bank.accounts.projection.TransactionView;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountReadModelsTest {

    private static final AccountId ADA = new AccountId("ada");
    private static final TransferReference T1 = new TransferReference("t1");
    private final DataSource database = EventStores.testDatabase();
    private final AccountQueries queries = new AccountQueries(database);

    @Test
    void the_summary_shows_the_owner_and_the_balance_after_the_last_movement() {
        ProjectorFixture.of(new AccountSummaryProjector(database))
                .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
                .thenState(p -> queries.findSummary(ADA), Optional.of(new AccountSummary("ada", "Ada", 100)))
                .given(new MoneyWithdrawn(ADA, 40, 60))
                .thenState(p -> queries.findSummary(ADA), Optional.of(new AccountSummary("ada", "Ada", 60)));
    }

    @Test
    void transfers_move_the_summary_balance_and_an_unknown_account_has_none() {
        ProjectorFixture.of(new AccountSummaryProjector(database))
                .given(new AccountOpened(ADA, "Ada"), new TransferReceived(ADA, T1, 50, 50),
                        new TransferSent(ADA, T1, 30, 20), new TransferRefunded(ADA, T1, 30, 50))
                .thenState(p -> queries.findSummary(ADA), Optional.of(new AccountSummary("ada", "Ada", 50)))
                .thenState(p -> queries.findSummary(new AccountId("bob")), Optional.empty());
    }

    @Test
    void the_history_lists_every_movement_with_its_position_oldest_first() {
        ProjectorFixture.of(new TransactionHistoryProjector(database))
                .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100),
                        new MoneyWithdrawn(ADA, 40, 60), new TransferSent(ADA, T1, 60, 0))
                .thenState(p -> queries.getTransactions(ADA), List.of(
                        new TransactionView(TransactionType.DEPOSIT, 100, 100, 2),
                        new TransactionView(TransactionType.WITHDRAWAL, 40, 60, 3),
                        new TransactionView(TransactionType.TRANSFER_OUT, 60, 0, 4)));
    }
}
