package io.clusterboot.demo.store;

import java.io.IOException;
import java.io.Reader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} of the store runs it as a single process (the starter does not
 * fork workers under JUnit), over real HTTP: the pages render from the H2 file database
 * that Flyway created in a directory of this test, whose server for other workers listens
 * on loopback only; the public pages and the JSON API need no login, and {@code /hello}
 * answers for this process.
 *
 * @author ClusterBoot team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DemoStoreApplicationTests {

	private static final long PID = ProcessHandle.current().pid();

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@TempDir
	static Path dataDirectory;

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.cookieHandler(new CookieManager())
		.build();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("store.data-directory", () -> dataDirectory.toString());
	}

	@Test
	void productsPageRendersTheCatalog() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/products");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("AeroPress Original").contains("40 products").contains("Page 1 of 4");
	}

	@Test
	void productPageShowsReviews() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/products/1");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Ethiopia Yirgacheffe").contains("Wonderful floral cup");
	}

	@Test
	void anonymousProductPageCreatesNoSessionAndItsFormsCarryACsrfTokenFromACookie()
			throws IOException, InterruptedException {
		HttpResponse<String> response = get("/products/3");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).as("cookies")
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN="))
			.noneSatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID="));
		assertThat(CSRF_FIELD.matcher(response.body()).find()).as("a _csrf field in %s", response.body()).isTrue();
		assertThat(response.body()).contains("id=\"login\"").contains("to buy it").doesNotContain("add-to-cart");
	}

	@Test
	void reviewWithoutCsrfTokenIsForbidden() throws IOException, InterruptedException {
		HttpResponse<String> response = post("/products/2/reviews", "author=Test&rating=4&comment=Fine");

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void invalidReviewIsRejectedAndValidOneRedirects() throws IOException, InterruptedException {
		String csrf = "&_csrf=" + csrfToken("/products/2");
		HttpResponse<String> invalid = post("/products/2/reviews", "author=&rating=9" + csrf);
		HttpResponse<String> valid = post("/products/2/reviews", "author=Test&rating=4&comment=Fine" + csrf);

		assertThat(invalid.statusCode()).isEqualTo(200);
		assertThat(invalid.body()).contains("class=\"error\"");
		assertThat(valid.statusCode()).isEqualTo(302);
		assertThat(valid.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/products/2"));
	}

	@Test
	void apiAnswersJson() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/products/1");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"sku\":\"COF-001\"");
	}

	@Test
	void apiPlacesAnOrderWithoutLoginOrCsrfToken() throws IOException, InterruptedException {
		String order = """
				{"email": "api@example.com", "name": "Api Client", "street": "1 Main Street", "city": "Springfield",
				 "postalCode": "12345", "country": "US", "lines": [{"productId": 5, "quantity": 1}]}""";
		HttpRequest request = request("/api/orders").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build();

		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).contains("\"customer\":\"api@example.com\"");
	}

	@Test
	void cartAndOrdersAskForLogin() throws IOException, InterruptedException {
		for (String path : new String[] { "/cart", "/orders", "/orders/1" }) {
			HttpResponse<String> response = get(path);

			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(path)
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		}
		assertThat(get("/login").body()).contains("id=\"username\"").contains("id=\"password\"");
	}

	@Test
	void healthAndPrometheusNeedNoLogin() throws IOException, InterruptedException {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").body()).contains("store_orders_placed_total");
	}

	@Test
	void h2ServesTheOtherWorkersOnLoopbackOnly() throws IOException {
		Properties lock = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDirectory.resolve("store.lock.db"))) {
			lock.load(reader);
		}

		assertThat(System.getProperty("h2.bindAddress")).isEqualTo("127.0.0.1");
		assertThat(lock.getProperty("server")).as("the server of the H2 lock file").startsWith("localhost:");
	}

	@Test
	void withoutTheRedisProfileNothingConnectsToRedis() {
		assertThat(this.context.getBeanNamesForType(RedisConnectionFactory.class)).as("Redis connections").isEmpty();
		assertThat(this.context.getBeanNamesForType(SessionRepository.class)).as("Spring Session stores").isEmpty();
	}

	@Test
	void helloIsServedByThisProcess() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/hello");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"message\":\"Hello from ClusterBoot demo store\"")
			.contains("\"pid\":" + PID)
			.contains("\"worker\":null");
		assertThat(ProcessHandle.current().children()).as("processes forked by the test JVM").isEmpty();
	}

	private String csrfToken(String page) throws IOException, InterruptedException {
		Matcher matcher = CSRF_FIELD.matcher(get(page).body());
		assertThat(matcher.find()).as("a _csrf field on %s", page).isTrue();
		return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
		HttpRequest request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

}
