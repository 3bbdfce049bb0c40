package dev.rewind.examples.bank.accounts.projection;

import dev.rewind.core.projection.Projector;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.AccountOpened;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The account summaries read model: owner and balance per account, kept in memory. */
public final class AccountSummaries extends Projector {

    private final Map<String, AccountSummary> byId = new ConcurrentHashMap<>();

    /** A projector named {@code account-summaries}. */
    public AccountSummaries() {
        super("account-summaries");
        on(AccountOpened.class, e -> byId.put(e.accountId().value(),
                new AccountSummary(e.accountId().value(), e.owner(), 0)));
        on(MoneyDeposited.class, e -> setBalance(e.accountId(), e.newBalance()));
        on(MoneyWithdrawn.class, e -> setBalance(e.accountId(), e.newBalance()));
    }

    private void setBalance(AccountId id, long balance) {
        byId.computeIfPresent(id.value(), (key, old) -> new AccountSummary(old.accountId(), old.owner(), balance));
    }

    /** The summary of one account, if it exists. */
    public Optional<AccountSummary> find(AccountId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }
}
