package io.clusterboot.demo.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, driven by chromedriver, visiting the demo-store of a cluster
 * as one customer: every page it shows is counted and checked to be the page expected,
 * served by the store to that customer logged in (not an error page, not the login page,
 * not the browser's own page of a failed connection), and which process served it (the
 * footer's {@code served-by}) is recorded.
 * <p>
 * Debian's {@code chromium} and {@code chromium-driver} packages provide the browser and
 * its driver; nothing is downloaded. The browser talks to the store on 127.0.0.1 only:
 * no proxy, and none of its own background traffic.
 *
 * @author ClusterBoot team
 */
final class StoreBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** How long one page may take to load, a form's answer included. */
	static final Duration PAGE_LOAD = Duration.ofSeconds(30);

	private static final Pattern ERROR_TITLE = Pattern.compile("^\\d{3} ");

	private static final Pattern SERVED_BY = Pattern.compile("process (\\d+)");

	private static final int BODY_EXCERPT = 600;

	/** How often {@link #submit} looks whether the answer's page is shown: pages take tens of milliseconds. */
	private static final Duration SUBMIT_POLL = Duration.ofMillis(50);

	/** A property that {@link #submit} sets on the page it leaves. */
	private static final String SHOWN_MARK = "storeBrowserLeaving";

	private final int port;

	private final ChromeDriver driver;

	private final ProcessHandle chromedriver;

	private final List<Long> servedBy = new ArrayList<>();

	private String user;

	private String activity = "starting";

	private StoreBrowser(int port, ChromeDriver driver, ProcessHandle chromedriver) {
		this.port = port;
		this.driver = driver;
		this.chromedriver = chromedriver;
	}

	/**
	 * Starts headless Chromium through chromedriver.
	 * @param port the store's port on 127.0.0.1
	 * @param profile an empty directory for the browser's profile
	 * @param driverLog where chromedriver logs
	 * @return the browser, which the caller must close
	 * @throws AssertionError if Debian's chromium or chromium-driver is not installed
	 */
	static StoreBrowser start(int port, Path profile, Path driverLog) {
		requireInstalled(CHROMIUM, "chromium");
		requireInstalled(CHROMEDRIVER, "chromium-driver");
		Set<Long> before = childPids();
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(driverLog.toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toString());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
				"--user-data-dir=" + profile.toAbsolutePath(),
				// only the store's traffic, straight to 127.0.0.1
				"--no-proxy-server", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
				"--disable-gpu");
		ChromeDriver driver = new ChromeDriver(service, options);
		ProcessHandle chromedriver = ProcessHandle.current()
			.children()
			.filter((child) -> !before.contains(child.pid()))
			.filter((child) -> child.info().command().filter((command) -> command.contains("chromedriver")).isPresent())
			.findFirst()
			.orElse(null);
		driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
		return new StoreBrowser(port, driver, chromedriver);
	}

	private static void requireInstalled(Path executable, String debianPackage) {
		if (!Files.isExecutable(executable)) {
			throw new AssertionError(executable + " is missing: this test drives a real headless Chromium; install "
					+ "Debian's packages chromium and chromium-driver (apt-get install chromium chromium-driver), "
					+ "as .ci/run does (" + debianPackage + " provides " + executable + ")");
		}
	}

	private static Set<Long> childPids() {
		Set<Long> pids = new LinkedHashSet<>();
		ProcessHandle.current().children().forEach((child) -> pids.add(child.pid()));
		return pids;
	}

	/**
	 * Says what the visit is doing, for the failure messages of the pages that follow.
	 * @param activity for instance "during the reload"
	 */
	void doing(String activity) {
		this.activity = activity;
	}

	/**
	 * Logs in with the store's form; from then on every page must show that user logged in.
	 * @param user the user name
	 * @param password the password
	 * @param expectedId the id of an element of the page the login leads to
	 */
	void logIn(String user, String password, String expectedId) {
		navigate("GET /login", () -> this.driver.get(url("/login")));
		if (this.driver.findElements(By.id("username")).isEmpty()) {
			throw failure("GET /login", "no login form");
		}
		this.driver.findElement(By.id("username")).sendKeys(user);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.user = user;
		submit("log-in", expectedId);
	}

	/**
	 * Loads a page of the store.
	 * @param path the path and query
	 * @param expectedId the id of an element the page must have
	 */
	void open(String path, String expectedId) {
		String what = "GET " + path;
		navigate(what, () -> this.driver.get(url(path)));
		check(what, expectedId);
	}

	/**
	 * Submits a form of the page shown by clicking its button, and waits for the page of
	 * the answer.
	 * @param buttonId the button's id
	 * @param expectedId the id of an element the answer's page must have
	 */
	void submit(String buttonId, String expectedId) {
		String what = "submit #" + buttonId + " of " + path();
		List<WebElement> buttons = this.driver.findElements(By.id(buttonId));
		if (buttons.isEmpty()) {
			throw failure(what, "no #" + buttonId + " to click");
		}
		navigate(what, () -> {
			// a mark on the page shown, which the answer's page has not: waiting instead for an
			// element of this page to go stale, chromedriver at times answers that it "does not
			// belong to the document", an unknown error, once the browser left the page
			// (Chromium issue 42323468)
			this.driver.executeScript("window." + SHOWN_MARK + " = true");
			buttons.get(0).click();
			new WebDriverWait(this.driver, PAGE_LOAD, SUBMIT_POLL)
				// a script run while the page changes may fail: the next poll runs on the new one
				.ignoring(JavascriptException.class)
				.until((driver) -> showsAnotherPage());
		});
		check(what, expectedId);
	}

	private boolean showsAnotherPage() {
		return Boolean.TRUE.equals(this.driver
			.executeScript("return window." + SHOWN_MARK + " === undefined && document.readyState === 'complete'"));
	}

	private void navigate(String what, Runnable navigation) {
		try {
			navigation.run();
		}
		catch (WebDriverException ex) {
			throw failure(what, "the browser failed: " + ex.getMessage().lines().findFirst().orElse(""), ex);
		}
	}

	private void check(String what, String expectedId) {
		String url = this.driver.getCurrentUrl();
		if (url == null || !url.startsWith(url("/"))) {
			throw failure(what, "not a page of the store (a failed connection?)");
		}
		if (path().startsWith("/login")) {
			throw failure(what, "the login page: " + this.user + " was logged out");
		}
		if (ERROR_TITLE.matcher(this.driver.getTitle()).find()) {
			throw failure(what, "an error page");
		}
		String loggedIn = text("logged-in-user").orElse(null);
		if (loggedIn == null) {
			throw failure(what, this.user + " was logged out: the header shows nobody logged in"
					+ (this.driver.findElements(By.id("login")).isEmpty() ? "" : " and offers to log in"));
		}
		if (!this.user.equals(loggedIn)) {
			throw failure(what, "the header names " + loggedIn + " as logged in, not " + this.user);
		}
		if (this.driver.findElements(By.id(expectedId)).isEmpty()) {
			throw failure(what, "no #" + expectedId + " in the page");
		}
		Matcher servedBy = SERVED_BY.matcher(text("served-by").orElse(""));
		if (!servedBy.find()) {
			throw failure(what, "no process named in #served-by");
		}
		this.servedBy.add(Long.parseLong(servedBy.group(1)));
	}

	private AssertionError failure(String what, String problem) {
		return failure(what, problem, null);
	}

	private AssertionError failure(String what, String problem, Throwable cause) {
		String body;
		String location;
		try {
			location = this.driver.getCurrentUrl() + " \"" + this.driver.getTitle() + "\"";
			body = this.driver.findElement(By.tagName("body")).getText();
		}
		catch (WebDriverException ex) {
			location = "?";
			body = "(unavailable: " + ex.getMessage().lines().findFirst().orElse("") + ")";
		}
		body = (body.length() > BODY_EXCERPT) ? body.substring(0, BODY_EXCERPT) + "…" : body;
		return new AssertionError("Page load " + (pageLoads() + 1) + " (" + what + ", " + this.activity + ") failed: "
				+ problem + "; " + pageLoads() + " loaded fine before it, served by " + this.servedBy.stream()
					.distinct()
					.toList()
				+ System.lineSeparator() + "shown: " + location + System.lineSeparator() + body, cause);
	}

	/**
	 * The text of an element of the page shown.
	 * @param id the element's id
	 * @return its text, if the page has it
	 */
	Optional<String> text(String id) {
		return this.driver.findElements(By.id(id)).stream().findFirst().map(WebElement::getText);
	}

	/**
	 * Elements of the page shown.
	 * @param cssSelector which
	 * @return them, in document order
	 */
	List<WebElement> elements(String cssSelector) {
		return this.driver.findElements(By.cssSelector(cssSelector));
	}

	/**
	 * The path of the page shown.
	 * @return the path, without the query
	 */
	String path() {
		return URI.create(this.driver.getCurrentUrl()).getPath();
	}

	/**
	 * How many pages were loaded and passed their checks.
	 * @return the count
	 */
	int pageLoads() {
		return this.servedBy.size();
	}

	/**
	 * The processes that served the pages loaded since a given count.
	 * @param pageLoads a former {@link #pageLoads()}
	 * @return their pids
	 */
	Set<Long> servedSince(int pageLoads) {
		return new LinkedHashSet<>(this.servedBy.subList(pageLoads, this.servedBy.size()));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * Quits the browser and its driver, then kills by pid whatever of them still runs.
	 */
	@Override
	public void close() {
		List<ProcessHandle> processes = new ArrayList<>();
		if (this.chromedriver != null) {
			processes.add(this.chromedriver);
			this.chromedriver.descendants().forEach(processes::add);
		}
		try {
			this.driver.quit();
		}
		finally {
			processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		}
	}

}
