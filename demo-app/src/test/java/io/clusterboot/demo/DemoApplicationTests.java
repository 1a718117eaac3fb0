package io.clusterboot.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} of the demo application runs it as a single process: the
 * context loads and serves in the test JVM and nothing is forked, although the demo's
 * {@code application.yml} asks for two workers (issue 2, item 2).
 *
 * @author ClusterBoot team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DemoApplicationTests {

	private static final long PID = ProcessHandle.current().pid();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void contextLoadsInThisProcess() {
		assertThat(this.context.getBean(HelloController.class)).isNotNull();
		assertThat(ProcessHandle.current().children()).as("processes forked by the test JVM").isEmpty();
	}

	@Test
	void helloIsServedByThisProcess() throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/hello"))
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"message\":\"Hello from ClusterBoot\"").contains("\"pid\":" + PID);
		assertThat(ProcessHandle.current().children()).as("processes forked by the test JVM").isEmpty();
	}

	@Test
	void noWorkerIsStarted(CapturedOutput output) {
		assertThat(ProcessHandle.current().children()).as("processes forked by the test JVM").isEmpty();
		assertThat(output).doesNotContain("Starting worker");
	}

}
