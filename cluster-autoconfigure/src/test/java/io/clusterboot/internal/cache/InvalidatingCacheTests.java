package io.clusterboot.internal.cache;

import java.io.Serializable;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidatingCache} and its manager's decoration, with workers in one
 * JVM joined by a {@link FakeMessenger}.
 *
 * @author ClusterBoot team
 */
class InvalidatingCacheTests {

	private static final String MANAGER = "cacheManager";

	private final FakeMessenger messenger = new FakeMessenger();

	private final Worker first = new Worker(11);

	private final Worker second = new Worker(12);

	@Test
	void putShouldEvictTheKeyInTheOtherWorkersAndKeepTheValueHere() {
		warm("greeting", "hello");
		this.first.cache().put("greeting", "bonjour");
		assertThat(this.first.cache().get("greeting").get()).isEqualTo("bonjour");
		assertThat(this.second.local().get("greeting")).isNull();
		assertThat(this.messenger.sent()).hasSize(1).first().asString().doesNotContain("bonjour");
	}

	@Test
	void evictAndEvictIfPresentShouldEvictTheKeyInTheOtherWorkers() {
		warm("a", "1");
		warm("b", "2");
		this.first.cache().evict("a");
		assertThat(this.second.local().get("a")).isNull();
		assertThat(this.second.local().get("b")).isNotNull();
		assertThat(this.first.cache().evictIfPresent("b")).isTrue();
		assertThat(this.second.local().get("b")).isNull();
	}

	@Test
	void evictIfPresentOfAKeyAbsentHereShouldStillEvictItInTheOtherWorkers() {
		this.second.cache().putIfAbsent("a", "1");
		assertThat(this.first.cache().evictIfPresent("a")).isFalse();
		assertThat(this.second.local().get("a")).isNull();
	}

	@Test
	void clearAndInvalidateShouldClearTheOtherWorkersCache() {
		warm("a", "1");
		this.first.cache().clear();
		assertThat(this.second.local().get("a")).isNull();
		warm("b", "2");
		assertThat(this.first.cache().invalidate()).isTrue();
		assertThat(this.second.local().get("b")).isNull();
	}

	@Test
	void receivedInvalidationShouldApplyHereAndNotBeSentAgainNorBackToItsSender() {
		warm("a", "1");
		this.first.cache().evict("a");
		assertThat(this.messenger.sent()).hasSize(1);
		assertThat(this.first.invalidations.sent()).isOne();
		assertThat(this.first.invalidations.received()).isZero();
		assertThat(this.second.invalidations.sent()).isZero();
		assertThat(this.second.invalidations.received()).isOne();
	}

	@Test
	void ownInvalidationShouldBeIgnoredWhenItComesBack() {
		this.first.cache().put("a", "mine");
		assertThat(this.first.local().get("a").get()).isEqualTo("mine");
	}

	@Test
	void putIfAbsentShouldStayLocal() {
		warm("a", "1");
		assertThat(this.messenger.sent()).isEmpty();
	}

	@Test
	void keysShouldTravelWithTheirType() {
		UUID id = UUID.randomUUID();
		List<Object> keys = List.of(42, 42L, true, Thread.State.NEW, id, new SimpleKey("user", 42), new Point(1, 2));
		keys.forEach((key) -> this.second.cache().putIfAbsent(key, "cached"));
		this.first.cache().evict(42);
		assertThat(this.second.local().get(42)).isNull();
		assertThat(this.second.local().get(42L)).as("a Long is another key than an Integer").isNotNull();
		for (Object key : keys.subList(1, keys.size())) {
			this.first.cache().evict(key);
			assertThat(this.second.local().get(key)).as("%s", key).isNull();
		}
		assertThat(this.messenger.sent()).allSatisfy((json) -> assertThat(json).contains(",null,\"rO0"));
	}

	@Test
	void stringKeyShouldTravelAsText() {
		this.first.cache().evict("user:42");
		assertThat(this.messenger.sent()).singleElement().asString().isEqualTo("[\"11\",\"cacheManager\",\"greetings\",\"user:42\",null]");
	}

	@Test
	void keyThatCannotTravelShouldClearTheOtherWorkersCache() {
		warm("other", "1");
		Object key = new Object();
		this.second.cache().putIfAbsent(key, "x");
		this.first.cache().evict(key);
		assertThat(this.second.local().get(key)).isNull();
		assertThat(this.second.local().get("other")).as("the whole cache is cleared").isNull();
	}

	@Test
	void keyThatCannotBeReadBackShouldClearTheCache() {
		warm("other", "1");
		this.messenger.deliver(new CacheInvalidation(99, MANAGER, "greetings", null,
				Base64.getEncoder().encodeToString("not a serialized object".getBytes())));
		assertThat(this.first.local().get("other")).isNull();
		assertThat(this.second.local().get("other")).isNull();
	}

	@Test
	void invalidationShouldNotCreateACacheInTheOtherWorkers() {
		this.first.manager.getCache("onlyHere").evict("a");
		assertThat(this.messenger.sent()).hasSize(1);
		assertThat(this.second.target.getCacheNames()).doesNotContain("onlyHere");
	}

	@Test
	void invalidationOfAnotherManagerShouldBeIgnored() {
		warm("a", "1");
		this.messenger.deliver(new CacheInvalidation(99, "otherManager", "greetings", "a", null));
		assertThat(this.second.local().get("a")).isNotNull();
	}

	@Test
	void putThatFillsAfterAMissInACacheableInvocationShouldStayLocal() throws Throwable {
		CacheFills.within(true, () -> {
			assertThat(this.first.cache().get("a")).isNull();
			this.first.cache().put("a", "loaded");
			this.first.cache().put("b", "changed");
			return null;
		});
		assertThat(this.messenger.sent()).singleElement().asString().contains("\"b\"");
	}

	@Test
	void putAfterAMissOutsideAFillingInvocationShouldBeSent() throws Throwable {
		CacheFills.within(false, () -> {
			assertThat(this.first.cache().get("a")).isNull();
			this.first.cache().put("a", "changed");
			return null;
		});
		assertThat(this.first.cache().get("c")).isNull();
		this.first.cache().put("c", "changed");
		assertThat(this.messenger.sent()).hasSize(2);
	}

	@Test
	void missOfAnEndedInvocationShouldNotMakeALaterPutAFill() throws Throwable {
		CacheFills.within(true, () -> this.first.cache().get("a"));
		CacheFills.within(true, () -> {
			this.first.cache().put("a", "changed");
			return null;
		});
		assertThat(this.messenger.sent()).hasSize(1);
	}

	@Test
	void changeInsideATransactionShouldBeSentOnceItCommits() {
		warm("a", "1");
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.first.cache().evict("a");
			assertThat(this.first.local().get("a")).isNull();
			assertThat(this.second.local().get("a")).as("before the commit").isNotNull();
			TransactionSynchronizationUtils.triggerAfterCommit();
			assertThat(this.second.local().get("a")).isNull();
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void changeInsideATransactionThatRollsBackShouldNotBeSent() {
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.first.cache().evict("a");
			TransactionSynchronizationUtils.triggerAfterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
		assertThat(this.messenger.sent()).isEmpty();
	}

	@Test
	void decoratedManagerShouldKeepItsClassAndHandOutOneDecorationPerCache() {
		assertThat(this.first.manager).isInstanceOf(ConcurrentMapCacheManager.class);
		assertThat(this.first.manager.getCache("greetings")).isInstanceOf(InvalidatingCache.class)
			.isSameAs(this.first.manager.getCache("greetings"));
		assertThat(this.first.manager.getCacheNames()).contains("greetings");
	}

	@Test
	void managerWithFinalMethodsShouldBeDecoratedThroughItsInterfaces() {
		CacheManager decorated = new CacheInvalidationPostProcessor(() -> this.first.invalidations)
			.postProcessAfterInitialization(new FinalManager(), "final") instanceof CacheManager manager ? manager
					: null;
		assertThat(decorated).isNotInstanceOf(FinalManager.class);
		assertThat(decorated.getCache("one")).isInstanceOf(InvalidatingCache.class);
		assertThat(decorated.getCache("two")).isNull();
	}

	private void warm(String key, String value) {
		this.first.cache().putIfAbsent(key, value);
		this.second.cache().putIfAbsent(key, value);
	}

	private final class Worker {

		private final ConcurrentMapCacheManager target = new ConcurrentMapCacheManager();

		private final CacheInvalidations invalidations;

		private final CacheManager manager;

		Worker(long id) {
			this.invalidations = new CacheInvalidations(InvalidatingCacheTests.this.messenger, id,
					(name) -> MANAGER.equals(name) ? this.manager() : null, getClass().getClassLoader());
			this.manager = (CacheManager) new CacheInvalidationPostProcessor(() -> this.invalidations)
				.postProcessAfterInitialization(this.target, MANAGER);
			cache();
		}

		private CacheManager manager() {
			return this.manager;
		}

		Cache cache() {
			return this.manager.getCache("greetings");
		}

		Cache local() {
			return this.target.getCache("greetings");
		}

	}

	record Point(int x, int y) implements Serializable {
	}

	static final class FinalManager implements CacheManager {

		private final Cache one = new ConcurrentMapCache("one");

		@Override
		public Cache getCache(String name) {
			return "one".equals(name) ? this.one : null;
		}

		@Override
		public Collection<String> getCacheNames() {
			return List.of("one");
		}

	}

}
