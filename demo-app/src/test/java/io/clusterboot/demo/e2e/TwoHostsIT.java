package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two clusters of the demo-store as on two hosts behind one load balancer: one real
 * PostgreSQL database for both, and their sessions in one real Redis through Spring
 * Session Data Redis (the store's profiles {@code postgres} and {@code redis}). Both
 * servers come from Debian's packages ({@code .ci/run} installs them; without them the
 * test is skipped, saying so); the test starts them on ephemeral loopback ports and stops
 * them (issue 31, item 4).
 * <p>
 * A customer logs in with the store's form (and its CSRF token) through host A; her
 * session cookie alone makes her logged in through host B. Then host A reloads
 * ({@code SIGHUP}, both workers at once) while she shops across both hosts: what she adds
 * to the cart through A shows in the cart through B, and each order she places through A
 * (its confirmation a flash attribute of her session) shows through B; A's new workers
 * know her session, which lives in Redis. Every request takes a new connection, so every
 * worker of both clusters serves her. ClusterBoot steps back for an application that
 * brings its own Spring Session store: neither master keeps a session, and Redis holds
 * hers.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TwoHostsIT {

	/** How long the reload of a host may take: two store workers starting on 2 busy cores. */
	private static final Duration RELOAD = Duration.ofSeconds(90);

	/** How long the workers of a host may take to each serve a page, with connections spread at random. */
	private static final Duration EACH_SERVING = Duration.ofSeconds(30);

	/** Products with stock for every round of shopping of the test (40 and more each). */
	private static final long[] PRODUCTS = { 1, 2, 6, 10, 27, 35, 38 };

	/** Items added between two checkouts. */
	private static final int ITEMS_PER_ORDER = 3;

	private static final String CONFIRMATION = "Thank you, your order is placed.";

	@TempDir
	Path directory;

	private int rounds;

	@Test
	void aCustomerLoggedInThroughOneHostShopsThroughTheOtherWithOneRedisAndOneDatabase() throws Exception {
		assumeTrue(RedisServer.isInstalled(), RedisServer.SERVER + " (Debian package redis-server)");
		assumeTrue(PostgresServer.isInstalled(), "PostgreSQL (Debian package postgresql)");
		long started = System.nanoTime();
		try (RedisServer redis = RedisServer.start(Files.createDirectories(this.directory.resolve("redis")),
				log("redis"));
				PostgresServer postgres = PostgresServer.start(this.directory, log("postgresql"));
				ClusterProcess hostA = host("A", redis, postgres).start();
				ClusterProcess hostB = host("B", redis, postgres).start()) {
			Set<Long> workersA = hostA.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Set<Long> workersB = hostB.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			long ready = System.nanoTime();
			int a = hostA.port();
			int b = hostB.port();
			StoreCustomer alice = new StoreCustomer("alice", "alice-password");
			alice.logIn(a);
			awaitEachServing(alice, hostB, workersB);
			awaitEachServing(alice, hostA, workersA);

			long reloadStarted = System.nanoTime();
			ClusterStatus reloaded = reloadShopping(hostA, alice, b);
			long reloadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reloadStarted);
			int ordersDuringReload = alice.orders().size();
			assertThat(ordersDuringReload).as("orders placed during the reload of host A").isPositive();
			assertThat(reloaded.pids()).as("workers of host A after its reload").doesNotContainAnyElementsOf(workersA);

			alice.add(b, PRODUCTS[0], 1);
			awaitEachServing(alice, hostA, reloaded.pids());
			alice.checkOut(a);
			alice.checkOrders(b);
			alice.checkOrders(a);

			for (ClusterProcess host : new ClusterProcess[] { hostA, hostB }) {
				ClusterStatus.Sessions sessions = new ClusterActuator(host).status().sessions();
				assertThat((sessions != null) ? sessions.count() : 0)
					.as("sessions in the master, which steps back for Redis: %s%s", sessions, host.describe())
					.isZero();
				Map<String, ClusterHealth> health = Json
					.read(HttpConnection.get(host.port(), ClusterHealth.PATH).body(), ClusterHealth.Answer.class)
					.components();
				assertThat(health.get("db")).as("the database in the health of port %d", host.port())
					.isEqualTo(new ClusterHealth("UP", Map.of("database", "PostgreSQL", "validationQuery", "isValid()")));
				assertThat(health.get("redis")).as("Redis in the health of port %d", host.port())
					.extracting(ClusterHealth::status)
					.isEqualTo("UP");
			}
			assertThat(redis.exists("spring:session:sessions:" + alice.sessionId()))
				.as("the customer's session in Redis%s", redis.describe())
				.isTrue();

			String figures = String.format(
					"hosts ready in %d s; %d pages loaded logged in; the reload of host A took %d ms, %d rounds of "
							+ "shopping and %d orders meanwhile; %d orders in all; %d s in all",
					TimeUnit.NANOSECONDS.toSeconds(ready - started), alice.pages(), reloadMillis, this.rounds,
					ordersDuringReload, alice.orders().size(),
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
			hostA.note(figures);
			System.out.println("TwoHostsIT: " + figures);
		}
	}

	/**
	 * A cluster of the store on PostgreSQL with its sessions in Redis.
	 */
	private static ClusterProcess.Builder host(String name, RedisServer redis, PostgresServer postgres) {
		return ClusterProcess.builder("TwoHostsIT-host" + name)
			.jar(DemoJar.store())
			.workers(2)
			.property("spring.profiles.active", "postgres,redis")
			.property("spring.datasource.url", postgres.jdbcUrl())
			.property("spring.data.redis.port", Integer.toString(redis.port()))
			// a reload replaces both workers at once: none of the new ones saw the login
			.property("cluster.reload.batch-size", "2")
			// no training run competing with four workers starting on 2 cores
			.property("cluster.boot-cache.enabled", "false");
	}

	/**
	 * Reloads the host, the customer shopping through it and the other host meanwhile,
	 * until the host's status says that the reload succeeded and its new workers serve.
	 */
	private ClusterStatus reloadShopping(ClusterProcess host, StoreCustomer customer, int otherHost)
			throws IOException {
		ClusterActuator actuator = new ClusterActuator(host);
		ClusterStatus before = actuator.status();
		host.signalMaster(Signal.HUP);
		ClusterStatus reloaded = Waits.until("the reload of port " + host.port() + ", the customer shopping", RELOAD,
				() -> {
					shop(customer, host.port(), otherHost);
					return actuator.statusIfAnswered();
				}, (status) -> status != null && status.reload() != null
						&& !status.reloadId().equals(before.reloadId())
						&& status.reload().state() != ClusterStatus.ReloadState.RUNNING
						&& status.isSettledAt(status.reload().generation()),
				host::describe);
		assertThat(reloaded.reload().state()).as("%s%s", reloaded.reload(), host.describe())
			.isEqualTo(ClusterStatus.ReloadState.SUCCEEDED);
		return reloaded;
	}

	/**
	 * One round of shopping: a product added through one host, the cart viewed through
	 * the other; every {@value #ITEMS_PER_ORDER} rounds an order placed through the first,
	 * whose page and confirmation show through the other.
	 */
	private void shop(StoreCustomer customer, int host, int otherHost) throws IOException {
		customer.add(host, PRODUCTS[this.rounds % PRODUCTS.length], 1);
		this.rounds++;
		customer.checkCart(otherHost);
		if (this.rounds % ITEMS_PER_ORDER == 0) {
			long order = customer.checkOut(host);
			StoreCustomer.Page placed = customer.page(otherHost, "/orders/" + order);
			assertThat(placed.text("order-title")).as("order %d through port %d", order, otherHost)
				.hasValue("Order #" + order);
			assertThat(placed.text("message")).as("the confirmation of order %d through port %d", order, otherHost)
				.hasValue(CONFIRMATION);
		}
	}

	/**
	 * Views the cart through the host until each of the given workers has served it.
	 */
	private static void awaitEachServing(StoreCustomer customer, ClusterProcess host, Set<Long> workers) {
		Set<Long> served = new HashSet<>();
		Waits.until("workers " + workers + " of port " + host.port() + " each serving the customer", EACH_SERVING,
				() -> {
					served.add(customer.checkCart(host.port()).servedBy());
					return served.containsAll(workers);
				}, host::describe);
		assertThat(served).as("processes of port %d that served the customer", host.port()).isSubsetOf(workers);
	}

	private static Path log(String server) throws IOException {
		Path log = Files.createDirectories(DemoJar.logDirectory()).resolve("TwoHostsIT-" + server + ".log");
		Files.deleteIfExists(log);
		return log;
	}

}
