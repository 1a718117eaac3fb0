package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer shops in the demo-store with a real headless Chromium while its cluster of
 * two workers reloads ({@code SIGHUP}), loses a worker to {@code kill -9} and replaces its
 * master ({@code SIGUSR1}): she logs in once and stays logged in on every page, the cart
 * keeps every item she added, and every checkout creates an order that her order pages
 * list (issue 31, item 4). Her session lives in the master (Spring Session), so each
 * worker knows it; the store closes every connection after one request so that the
 * browser's requests spread over both workers, as those of many customers would.
 * <p>
 * During each operation she keeps shopping (a product, one more of it in the cart, the
 * cart, a checkout every third item) until the cluster's status says the operation has
 * finished and the cluster settled; then both of the new workers must serve her. The
 * worker killed is the one that serves the store's H2 file to the other, right after she
 * placed an order: the other takes the file over, and the order must be there.
 * <p>
 * It needs Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StoreBrowserIT {

	/** How long an operation may take, shopping meanwhile: two store workers starting on 2 busy cores. */
	private static final Duration OPERATION = Duration.ofSeconds(100);

	/** The state of a listening socket in {@code /proc/net/tcp}. */
	private static final String TCP_LISTEN = "0A";

	/** How long both workers may take to each serve a page, with requests spread at random. */
	private static final Duration BOTH_SERVING = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	@Test
	void aCustomerStaysLoggedInAndKeepsHerCartAcrossAReloadAWorkerKilledAndAMasterUpgrade(TestInfo testInfo)
			throws Exception {
		long started = System.nanoTime();
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(DemoJar.store())
			.workers(2)
			.property("store.data-directory", this.directory.resolve("data").toString())
			// a new connection for every request: whichever worker accepts it must know the session
			.property("server.tomcat.max-keep-alive-requests", "1")
			// no training run competing with the browser and the workers on 2 cores
			.property("cluster.boot-cache.enabled", "false")
			.start()) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Path profile = Files.createDirectories(this.directory.resolve("chromium"));
			Path driverLog = DemoJar.logDirectory().resolve("StoreBrowserIT-chromedriver.log");
			List<String> accounts = new ArrayList<>();
			try (StoreBrowser browser = StoreBrowser.start(cluster.port(), profile, driverLog)) {
				Shopper alice = new Shopper(browser);
				browser.doing("logging in");
				alice.logIn();
				awaitBothServing(browser, alice, workers, "before any operation", cluster);

				long reloadStarted = System.nanoTime();
				ClusterStatus before = actuator.status();
				cluster.signalMaster(Signal.HUP);
				ClusterStatus reloaded = shopUntil(browser, alice, "during the reload (SIGHUP)", cluster,
						(status) -> status.reload() != null && !status.reloadId().equals(before.reloadId())
								&& status.reload().state() != ClusterStatus.ReloadState.RUNNING
								&& status.isSettledAt(status.reload().generation()));
				assertThat(reloaded.reload().state()).as("%s%s", reloaded.reload(), cluster.describe())
					.isEqualTo(ClusterStatus.ReloadState.SUCCEEDED);
				assertThat(reloaded.pids()).as("workers after the reload").doesNotContainAnyElementsOf(workers);
				workers = awaitBothServing(browser, alice, reloaded.pids(), "after the reload", cluster);
				alice.checkOrders();
				accounts.add(account("reload", reloadStarted, browser, alice));

				// an order confirmed just before the kill must not be lost with the worker
				alice.shopToCheckout();
				long killStarted = System.nanoTime();
				// the worker that serves the H2 file to the others: the other one takes it over
				long victim = databaseHost(this.directory.resolve("data"), workers);
				cluster.signal(victim, Signal.KILL);
				ClusterStatus replaced = shopUntil(browser, alice, "after kill -9 of worker " + victim, cluster,
						(status) -> !status.pids().contains(victim)
								&& status.isSettledAt(status.master().generation()));
				assertThat(replaced.pids()).as("workers after kill -9 of %d", victim).hasSize(2);
				workers = awaitBothServing(browser, alice, replaced.pids(), "after kill -9", cluster);
				alice.checkOrders();
				accounts.add(account("kill -9", killStarted, browser, alice));

				long upgradeStarted = System.nanoTime();
				long oldMaster = cluster.masterPid();
				Set<Long> oldWorkers = workers;
				cluster.signalMaster(Signal.USR1);
				ClusterStatus upgraded = shopUntil(browser, alice, "during the master upgrade (SIGUSR1)", cluster,
						(status) -> isUpgradeFailure(status) || (!cluster.isMasterRunning()
								&& status.master().pid() != oldMaster && status.isSettledAt(status.master().generation())
								&& oldWorkers.stream().noneMatch(status.pids()::contains)));
				assertThat(isUpgradeFailure(upgraded)).as("master upgrade: %s%s", upgraded.upgrade(), cluster.describe())
					.isFalse();
				assertThat(cluster.awaitMasterExit(Duration.ofSeconds(10))).as("old master's exit code").isZero();
				awaitBothServing(browser, alice, upgraded.pids(), "after the master upgrade", cluster);
				accounts.add(account("master upgrade", upgradeStarted, browser, alice));

				browser.doing("at the end");
				alice.viewCart();
				alice.checkOrders();
				String figures = String.format("%d pages loaded, none failed; %d items added, %d orders placed %s; "
						+ "%s; %d s in all", browser.pageLoads(), alice.added(), alice.orders().size(), alice.orders(),
						String.join("; ", accounts), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
				cluster.note(figures);
				System.out.println("StoreBrowserIT: " + figures);
				assertThat(alice.orders()).as("orders placed: %s", figures).hasSizeGreaterThanOrEqualTo(3);
			}
		}
	}

	/**
	 * Shops round after round until the cluster's status satisfies {@code done}.
	 */
	private static ClusterStatus shopUntil(StoreBrowser browser, Shopper shopper, String activity,
			ClusterProcess cluster, Predicate<ClusterStatus> done) {
		browser.doing(activity);
		ClusterActuator actuator = new ClusterActuator(cluster);
		return Waits.until("the cluster to settle, shopping " + activity, OPERATION, () -> {
			shopper.shop();
			return actuator.statusIfAnswered();
		}, (status) -> status != null && done.test(status), cluster::describe);
	}

	/**
	 * Shops until each of the given workers has served a page.
	 * @return the workers
	 */
	private static Set<Long> awaitBothServing(StoreBrowser browser, Shopper shopper, Set<Long> workers,
			String activity, ClusterProcess cluster) {
		browser.doing(activity);
		int from = browser.pageLoads();
		Waits.until("workers " + workers + " each serving a page " + activity, BOTH_SERVING, () -> {
			shopper.shop();
			return browser.servedSince(from);
		}, (served) -> served.containsAll(workers), cluster::describe);
		assertThat(browser.servedSince(from)).as("processes that served pages %s", activity)
			.isSubsetOf(workers);
		return workers;
	}

	/**
	 * The worker that serves the store's H2 file to the others ({@code AUTO_SERVER}): the
	 * one with the listening socket whose port the lock file names.
	 */
	private static long databaseHost(Path dataDirectory, Set<Long> workers) throws IOException {
		Properties lock = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDirectory.resolve("store.lock.db"))) {
			lock.load(reader);
		}
		String server = lock.getProperty("server", "");
		int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
		String localPort = String.format(":%04X", port);
		Set<String> sockets = new HashSet<>();
		for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
			String[] fields = line.trim().split("\\s+");
			if (fields[1].endsWith(localPort) && fields[3].equals(TCP_LISTEN)) {
				sockets.add("socket:[" + fields[9] + "]");
			}
		}
		for (long pid : workers) {
			try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
				for (Path fd : fds) {
					if (sockets.contains(readLink(fd))) {
						return pid;
					}
				}
			}
		}
		throw new AssertionError("No worker of " + workers + " listens on " + server + ", the H2 server of "
				+ dataDirectory);
	}

	private static String readLink(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString();
		}
		catch (IOException ex) {
			// closed since the directory was listed
			return "";
		}
	}

	private static boolean isUpgradeFailure(ClusterStatus status) {
		return status.upgrade() != null && "FAILED".equals(status.upgrade().state());
	}

	private static String account(String operation, long started, StoreBrowser browser, Shopper shopper) {
		return String.format("%s done in %d ms (%d pages, %d orders so far)", operation,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), browser.pageLoads(),
				shopper.orders().size());
	}

}
