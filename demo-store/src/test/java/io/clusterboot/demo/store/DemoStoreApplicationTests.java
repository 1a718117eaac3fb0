package io.clusterboot.demo.store;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} of the store runs it as a single process (the starter does not
 * fork workers under JUnit): the pages render from the H2 file database that Flyway
 * created in a directory of this test, whose server for other workers listens on loopback
 * only, and {@code /hello} answers for this process.
 *
 * @author ClusterBoot team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DemoStoreApplicationTests {

	private static final long PID = ProcessHandle.current().pid();

	@TempDir
	static Path dataDirectory;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

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
	void invalidReviewIsRejectedAndValidOneRedirects() throws IOException, InterruptedException {
		HttpResponse<String> invalid = post("/products/2/reviews", "author=&rating=9");
		HttpResponse<String> valid = post("/products/2/reviews", "author=Test&rating=4&comment=Fine");

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
	void h2ServesTheOtherWorkersOnLoopbackOnly() throws IOException {
		Properties lock = new Properties();
		try (Reader reader = Files.newBufferedReader(dataDirectory.resolve("store.lock.db"))) {
			lock.load(reader);
		}

		assertThat(System.getProperty("h2.bindAddress")).isEqualTo("127.0.0.1");
		assertThat(lock.getProperty("server")).as("the server of the H2 lock file").startsWith("localhost:");
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
