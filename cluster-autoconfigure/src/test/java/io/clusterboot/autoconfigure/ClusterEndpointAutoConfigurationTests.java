package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.actuate.ClusterEndpointWebExtension;
import io.clusterboot.internal.ipc.AnsweringMaster;
import io.clusterboot.internal.ipc.ControlMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClusterEndpointAutoConfiguration} and the endpoint it configures,
 * answered by a real control server playing the master.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClusterWorkerAutoConfiguration.class, ClusterEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=cluster");

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				ClusterWorkerAutoConfiguration.class, ClusterEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=*");

	private AnsweringMaster master;

	@BeforeEach
	void startMaster() throws IOException {
		this.master = AnsweringMaster.start((request) -> Map.of("asked", request.type(), "by", 8, "workers",
				request.number("workers")));
	}

	@AfterEach
	void stopMaster() throws IOException {
		this.master.close();
	}

	@Test
	void runWhenNotWorkerShouldNotHaveEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void runWhenEndpointNotExposedShouldNotHaveEndpoint() {
		this.contextRunner.withPropertyValues(workerProperties())
			.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void runWhenEndpointDisabledShouldNotHaveEndpoint() {
		this.contextRunner.withPropertyValues(workerProperties())
			.withPropertyValues("management.endpoint.cluster.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void runWhenEveryEndpointExposedShouldOfferOnlyTheStatusOnTheWeb() {
		this.webContextRunner.withPropertyValues(workerProperties())
			.run((context) -> assertThat(clusterOperations(context)).containsExactly(OperationType.READ));
	}

	@Test
	void runWhenAccessUnrestrictedShouldOfferTheActionsOnTheWeb() {
		this.webContextRunner.withPropertyValues(workerProperties())
			.withPropertyValues("management.endpoint.cluster.access=UNRESTRICTED")
			.run((context) -> assertThat(clusterOperations(context)).containsExactlyInAnyOrder(OperationType.READ,
					OperationType.WRITE));
	}

	@Test
	void clusterWhenMasterDoesNotAnswerShouldAnswerServiceUnavailableWithReason() throws IOException {
		this.master.close();
		this.master = AnsweringMaster.silent();
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ClusterEndpointWebExtension.class)
				.cluster();
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getBody()).extractingByKey("error")
				.asString()
				.contains("The master did not answer 'status' within 5s");
		});
	}

	@Test
	void performWhenMasterRejectsShouldAnswerBadRequestWithReason() throws IOException {
		this.master.close();
		this.master = AnsweringMaster.start((request) -> Map.of(ControlMessage.REJECTED, "Too many"));
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ClusterEndpointWebExtension.class)
				.perform("scale", "9");
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).containsExactly(Map.entry("error", "Too many"));
		});
	}

	@Test
	void performWhenMasterRefusesShouldAnswerServiceUnavailableWithReason() throws IOException {
		this.master.close();
		this.master = AnsweringMaster.start((request) -> Map.of(ControlMessage.REFUSED, "Stopping"));
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ClusterEndpointWebExtension.class)
				.perform("reload");
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getBody()).containsExactly(Map.entry("error", "Stopping"));
		});
	}

	@Test
	void clusterShouldReturnMastersStatus() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			Map<String, Object> status = context.getBean(ClusterEndpoint.class).cluster();
			assertThat(status).containsEntry("asked", "status").containsEntry("by", 8);
		});
	}

	@Test
	void performReloadShouldAnswerAcceptedOnTheWeb() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ClusterEndpointWebExtension.class)
				.perform("reload");
			assertThat(response.getStatus()).isEqualTo(202);
			assertThat(response.getBody()).containsEntry("asked", "reload");
		});
	}

	@Test
	void performScaleShouldAskMasterWithTheNumberOfWorkers() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			WebEndpointResponse<Map<String, Object>> response = context.getBean(ClusterEndpointWebExtension.class)
				.perform("scale", "3");
			assertThat(response.getStatus()).isEqualTo(202);
			assertThat(response.getBody()).containsEntry("asked", "scale").containsEntry("workers", 3);
		});
	}

	@Test
	void performScaleWithBadNumberShouldAnswerBadRequestWithReason() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			ClusterEndpointWebExtension extension = context.getBean(ClusterEndpointWebExtension.class);
			for (String bad : new String[] { "0", "-1", "abc", "1.5" }) {
				WebEndpointResponse<Map<String, Object>> response = extension.perform("scale", bad);
				assertThat(response.getStatus()).isEqualTo(400);
				assertThat(response.getBody()).extractingByKey("error")
					.asString()
					.contains("at least 1", "'" + bad + "'");
			}
			assertThat(extension.perform("scale").getStatus()).isEqualTo(400);
		});
	}

	@Test
	void performUnknownActionShouldBeBadRequest() {
		this.contextRunner.withPropertyValues(workerProperties())
			.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> context.getBean(ClusterEndpoint.class).perform("explode"))
				.withMessageContaining("'explode'")
				.withMessageContaining("'reload'"));
	}

	private static List<OperationType> clusterOperations(AssertableWebApplicationContext context) {
		return context.getBean(WebEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().toString().equals("cluster"))
			.flatMap((endpoint) -> endpoint.getOperations().stream())
			.map(WebOperation::getType)
			.toList();
	}

	private String[] workerProperties() {
		return this.master.workerProperties(8, 1);
	}

}
