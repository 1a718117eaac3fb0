package io.clusterboot.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.status.ClusterStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SessionStore}, on a fake clock.
 *
 * @author ClusterBoot team
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionStoreTests {

	private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	/**
	 * The wall clock, which moves with the ticker.
	 */
	private final Clock wallClock = new Clock() {

		@Override
		public Instant instant() {
			return CREATED.plusNanos(SessionStoreTests.this.nanos.get());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	};

	private final SessionStore store = new SessionStore(100_000, 10_000, this.nanos::get, this.wallClock);

	@Test
	void newSessionShouldBeFoundWithItsAttributes() {
		assertThat(this.store.save(created("a", Map.of("user", bytes(10))))).isEqualTo(SessionReply.DONE);
		StoredSession found = this.store.find("a");
		assertThat(found.attributes()).containsOnlyKeys("user");
		assertThat(found.creationTime()).isEqualTo(CREATED);
		assertThat(found.maxInactiveInterval()).isEqualTo(TIMEOUT);
		assertThat(this.store.find("b")).isNull();
	}

	@Test
	void changeShouldSetAndRemoveOnlyTheAttributesItNames() {
		this.store.save(created("a", Map.of("user", bytes(1), "cart", bytes(2), "flash", bytes(3))));
		this.store.save(change("a", Map.of("cart", bytes(4)), Set.of("flash")));
		StoredSession found = this.store.find("a");
		assertThat(found.attributes()).containsOnlyKeys("user", "cart");
		assertThat(found.attributes().get("cart")).hasSize(4);
		assertThat(found.attributes().get("user")).hasSize(1);
	}

	@Test
	void concurrentRequestsOfOneSessionShouldEachKeepWhatTheySet() {
		this.store.save(created("a", Map.of("shared", bytes(1))));
		// two workers read the session, each sets its own attribute and the shared one
		this.store.save(change("a", Map.of("first", bytes(1), "shared", bytes(2)), Set.of()));
		this.store.save(change("a", Map.of("second", bytes(1), "shared", bytes(3)), Set.of()));
		StoredSession found = this.store.find("a");
		assertThat(found.attributes()).containsOnlyKeys("shared", "first", "second");
		assertThat(found.attributes().get("shared")).hasSize(3);
	}

	@Test
	void lastAccessShouldBeTheLatestOfConcurrentSaves() {
		this.store.save(created("a", Map.of()));
		this.store.save(new SessionChange("a", null, false, CREATED, CREATED.plusSeconds(20), TIMEOUT, Map.of(),
				Set.of()));
		this.store.save(new SessionChange("a", null, false, CREATED, CREATED.plusSeconds(10), TIMEOUT, Map.of(),
				Set.of()));
		assertThat(this.store.find("a").lastAccessedTime()).isEqualTo(CREATED.plusSeconds(20));
	}

	@Test
	void saveOfASessionThatIsGoneShouldNotCreateIt() {
		assertThat(this.store.save(change("a", Map.of("user", bytes(1)), Set.of()))).isEqualTo(SessionReply.ABSENT);
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void deletedSessionShouldStayGone() {
		this.store.save(created("a", Map.of()));
		this.store.delete("a");
		assertThat(this.store.find("a")).isNull();
		assertThat(this.store.save(change("a", Map.of(), Set.of()))).isEqualTo(SessionReply.ABSENT);
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void changedIdShouldMoveTheSession() {
		this.store.save(created("old", Map.of("user", bytes(1))));
		assertThat(this.store.save(login(2))).isEqualTo(SessionReply.DONE);
		assertThat(this.store.find("old")).isNull();
		assertThat(this.store.find("new").attributes()).containsOnlyKeys("user", "context");
		assertThat(this.store.find("new").id()).isEqualTo("new");
	}

	@Test
	void changedIdOfASessionThatIsGoneShouldNotCreateIt() {
		assertThat(this.store.save(login(1))).isEqualTo(SessionReply.ABSENT);
		assertThat(this.store.find("new")).isNull();
	}

	@Test
	void sessionShouldExpireAfterItsInactiveIntervalWithoutASave() {
		this.store.save(created("a", Map.of()));
		advance(TIMEOUT.minusSeconds(1));
		assertThat(this.store.find("a")).isNotNull();
		advance(Duration.ofSeconds(1));
		assertThat(this.store.find("a")).isNull();
		this.store.cleanUp();
		assertThat(this.store.statistics().expired()).isOne();
		assertThat(this.store.statistics().count()).isZero();
	}

	@Test
	void saveShouldRestartTheInactiveInterval() {
		this.store.save(created("a", Map.of()));
		advance(TIMEOUT.minusSeconds(1));
		this.store.save(change("a", Map.of(), Set.of()));
		advance(TIMEOUT.minusSeconds(1));
		assertThat(this.store.find("a")).isNotNull();
	}

	@Test
	void readingShouldNotRestartTheInactiveInterval() {
		this.store.save(created("a", Map.of()));
		advance(TIMEOUT.minusSeconds(1));
		assertThat(this.store.find("a")).isNotNull();
		advance(Duration.ofSeconds(1));
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void eachSessionShouldExpireAfterItsOwnInterval() {
		this.store.save(created("short", Map.of()));
		this.store.save(new SessionChange("long", null, true, CREATED, CREATED, TIMEOUT.multipliedBy(2), Map.of(),
				Set.of()));
		this.store.save(new SessionChange("ever", null, true, CREATED, CREATED, Duration.ofSeconds(-1), Map.of(),
				Set.of()));
		advance(TIMEOUT);
		assertThat(this.store.find("short")).isNull();
		assertThat(this.store.find("long")).isNotNull();
		advance(Duration.ofDays(3650));
		assertThat(this.store.find("long")).isNull();
		assertThat(this.store.find("ever")).isNotNull();
	}

	@Test
	void sessionLargerThanTheLimitShouldBeRefusedAndKeepItsPreviousState() {
		this.store.save(created("a", Map.of("user", bytes(100))));
		SessionReply reply = this.store.save(change("a", Map.of("cart", bytes(10_000)), Set.of("user")));
		assertThat(reply).isInstanceOf(TooLarge.class);
		assertThat(((TooLarge) reply).size()).isGreaterThan(10_000);
		assertThat(((TooLarge) reply).limit()).isEqualTo(10_000);
		assertThat(this.store.find("a").attributes()).containsOnlyKeys("user");
		assertThat(this.store.statistics().rejected()).isOne();
	}

	@Test
	void newSessionLargerThanTheLimitShouldNotBeStored() {
		assertThat(this.store.save(created("a", Map.of("cart", bytes(10_000))))).isInstanceOf(TooLarge.class);
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void refusedChangeOfIdShouldLeaveTheSessionUnderItsOldId() {
		this.store.save(created("old", Map.of("user", bytes(1))));
		assertThat(this.store.save(login(10_000))).isInstanceOf(TooLarge.class);
		assertThat(this.store.find("new")).isNull();
		assertThat(this.store.find("old").attributes()).containsOnlyKeys("user");
	}

	@Test
	void storeShouldEvictToStayWithinItsSizeCountAndLog(CapturedOutput output) {
		for (int i = 0; i < 30; i++) {
			this.store.save(created("s" + i, Map.of("cart", bytes(9_000))));
		}
		ClusterStatus.Sessions statistics = this.store.statistics();
		assertThat(statistics.bytes()).isLessThanOrEqualTo(100_000);
		assertThat(statistics.count()).isBetween(10L, 11L);
		assertThat(statistics.evicted()).isEqualTo(30 - statistics.count());
		assertThat(output).containsOnlyOnce("Evicted sessions to keep the session store within 100000 bytes "
				+ "(cluster.sessions.max-size), the least likely to be used again first: 1 since the master started");
	}

	@Test
	void evictionsShouldBeLoggedAtMostEveryTenSeconds(CapturedOutput output) {
		for (int i = 0; i < 15; i++) {
			this.store.save(created("s" + i, Map.of("cart", bytes(9_000))));
		}
		advance(Duration.ofSeconds(9));
		this.store.save(created("later", Map.of("cart", bytes(9_000))));
		assertThat(output.toString().split("Evicted sessions", -1)).hasSize(2);
		advance(Duration.ofSeconds(1));
		this.store.save(created("last", Map.of("cart", bytes(9_000))));
		assertThat(output.toString().split("Evicted sessions", -1)).hasSize(3);
	}

	@Test
	void statisticsShouldTellSizeAndLimits() {
		this.store.save(created("a", Map.of("user", bytes(100))));
		ClusterStatus.Sessions statistics = this.store.statistics();
		assertThat(statistics.count()).isOne();
		assertThat(statistics.bytes()).isEqualTo(SessionProtocol.size(this.store.find("a")));
		assertThat(statistics.maxBytes()).isEqualTo(100_000);
		assertThat(statistics.maxSessionBytes()).isEqualTo(10_000);
	}

	@Test
	void snapshotShouldHoldEverySessionThatHasNotExpired() {
		this.store.save(created("a", Map.of("user", bytes(10))));
		this.store.save(new SessionChange("b", null, true, CREATED, CREATED, Duration.ofMinutes(1), Map.of(), Set.of()));
		advance(Duration.ofMinutes(2));
		assertThat(this.store.snapshot()).extracting(StoredSession::id).containsExactly("a");
	}

	@Test
	void restoredSessionShouldLiveForWhatRemainsOfItsIntervalSinceItsLastAccess() {
		advance(Duration.ofMinutes(20));
		assertThat(this.store.restore(stored("a", CREATED, 10))).isTrue();
		advance(Duration.ofMinutes(9));
		assertThat(this.store.find("a")).isNotNull();
		advance(Duration.ofMinutes(1));
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void sessionThatExpiredMeanwhileShouldNotBeRestored() {
		advance(TIMEOUT);
		assertThat(this.store.restore(stored("a", CREATED, 10))).isFalse();
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void sessionThatNeverExpiresShouldBeRestored() {
		StoredSession forever = new StoredSession("a", CREATED, CREATED, Duration.ofSeconds(-1), Map.of());
		advance(Duration.ofDays(400));
		assertThat(this.store.restore(forever)).isTrue();
		assertThat(this.store.find("a")).isNotNull();
	}

	@Test
	void sessionLargerThanTheStoreKeepsShouldNotBeRestored() {
		assertThat(this.store.restore(stored("a", CREATED, 10_001))).isFalse();
		assertThat(this.store.find("a")).isNull();
	}

	@Test
	void restoreShouldNotReplaceASessionTheStoreHolds() {
		this.store.save(created("a", Map.of("user", bytes(10))));
		assertThat(this.store.restore(stored("a", CREATED, 20))).isFalse();
		assertThat(this.store.find("a").attributes().get("user")).hasSize(10);
	}

	@Test
	void largestSessionShouldFitInTheStore() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionStore(1000, 2000))
			.withMessage("The largest session (2000 bytes) must be positive and fit in the store (1000 bytes)");
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/**
	 * Saves a change as a worker does, with the size of the session the change alone
	 * makes.
	 */
	static CompletableFuture<Void> save(SessionClient client, SessionChange change) {
		return client.save(change, SessionProtocol.size(StoredSession.create(change)));
	}

	/**
	 * The change of a login: session "old" becomes "new" and gets an attribute.
	 */
	private static SessionChange login(int contextBytes) {
		return new SessionChange("new", "old", false, CREATED, CREATED, TIMEOUT, Map.of("context", bytes(contextBytes)),
				Set.of());
	}

	static SessionChange created(String id, Map<String, byte[]> attributes) {
		return new SessionChange(id, null, true, CREATED, CREATED, TIMEOUT, attributes, Set.of());
	}

	static SessionChange change(String id, Map<String, byte[]> changed, Set<String> removed) {
		return new SessionChange(id, null, false, CREATED, CREATED.plusSeconds(60), TIMEOUT, changed, removed);
	}

	static StoredSession stored(String id, Instant lastAccessed, int attributeBytes) {
		return new StoredSession(id, CREATED, lastAccessed, TIMEOUT, Map.of("user", bytes(attributeBytes)));
	}

	static byte[] bytes(int length) {
		return new byte[length];
	}

}
