package io.clusterboot.internal.worker;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnusedConnections}.
 *
 * @author ClusterBoot team
 */
class UnusedConnectionsTests {

	private final AtomicLong nanos = new AtomicLong();

	private final Set<String> closed = new HashSet<>();

	private final UnusedConnections<String> unused = new UnusedConnections<>((connection) -> !this.closed.contains(connection),
			this.nanos::get);

	@Test
	void connectionShouldBeUnusedFromItsAcceptToItsFirstRequest() {
		this.unused.accepted("a");
		this.unused.accepted("b");
		assertThat(this.unused.count()).isEqualTo(2);
		this.unused.used("a");
		assertThat(this.unused.count()).isOne();
		this.unused.used("a");
		assertThat(this.unused.count()).isOne();
	}

	@Test
	void closedConnectionShouldNoLongerCount() {
		this.unused.accepted("a");
		this.closed.add("a");
		assertThat(this.unused.count()).isZero();
	}

	@Test
	void connectionShouldBeWaitedForUntilTheFirstRequestWaitEnds() {
		this.unused.accepted("a");
		this.nanos.addAndGet(UnusedConnections.FIRST_REQUEST_WAIT.toNanos() - 1);
		assertThat(this.unused.count()).isOne();
		this.nanos.incrementAndGet();
		assertThat(this.unused.count()).isZero();
	}

}
