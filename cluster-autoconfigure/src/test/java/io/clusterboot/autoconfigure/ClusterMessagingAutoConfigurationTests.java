package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.messaging.ClusterMessenger;
import io.clusterboot.internal.messaging.ControlChannelMessenger;
import io.clusterboot.internal.messaging.LocalClusterMessenger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterMessagingAutoConfiguration}, with a control server that plays
 * the master and forwards every message back to its sender.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterMessagingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClusterWorkerAutoConfiguration.class, ClusterMessagingAutoConfiguration.class))
		.withUserConfiguration(ListenerConfiguration.class);

	private final BlockingQueue<ControlMessage> sent = new LinkedBlockingQueue<>();

	private ControlServer master;

	@BeforeEach
	void startMaster() throws IOException {
		this.master = ControlServer.start(new ControlServer.Handler() {

			@Override
			public void onMessage(long worker, ControlMessage message) {
				if (ControlMessage.MESSAGE.equals(message.type())) {
					ClusterMessagingAutoConfigurationTests.this.sent.add(message);
					ClusterMessagingAutoConfigurationTests.this.master.send(worker, ControlMessage.of(
							ControlMessage.MESSAGE, "from", 2, "topic", message.text("topic"), "payload",
							message.text("payload")));
				}
			}

			@Override
			public void onDisconnected(long worker) {
			}

			@Override
			public void onUnreachable(long worker) {
			}

			@Override
			public void onCommand(ControlServer.Command command, ControlMessage request) {
			}

		});
	}

	@AfterEach
	void stopMaster() throws IOException {
		this.master.close();
	}

	@Test
	void runWhenWorkerShouldSendThroughMasterAndPublishWhatArrives() {
		this.contextRunner.withPropertyValues("cluster.worker.id=3", "cluster.worker.slot=2",
				"cluster.worker.generation=1", "cluster.worker.count=2",
				"cluster.control.socket=" + this.master.socketPath())
			.run((context) -> {
				assertThat(context).getBean(ClusterMessenger.class).isInstanceOf(ControlChannelMessenger.class);
				context.getBean(ClusterMessenger.class).broadcast("cache.evict", Map.of("key", "user:42"));
				ControlMessage sent = this.sent.poll(10, TimeUnit.SECONDS);
				assertThat(sent).isNotNull();
				assertThat(sent.number("to")).isZero();
				ClusterMessageEvent event = context.getBean(ListenerConfiguration.class).received.poll(10,
						TimeUnit.SECONDS);
				assertThat(event).isNotNull();
				assertThat(event.getTopic()).isEqualTo("cache.evict");
				assertThat(event.getSenderSlot()).isEqualTo(2);
				assertThat(event.getPayload(Map.class)).containsEntry("key", "user:42");
				context.getBean(ClusterMessenger.class).send(1, "hello", "x");
				assertThat(this.sent.poll(10, TimeUnit.SECONDS).number("to")).isEqualTo(1);
			});
	}

	@Test
	void runWhenSingleProcessShouldDeliverLocally() {
		this.contextRunner.run((context) -> {
			ClusterMessenger messenger = context.getBean(ClusterMessenger.class);
			assertThat(messenger).isInstanceOf(LocalClusterMessenger.class);
			messenger.broadcast("cache.evict", "user:42");
			ClusterMessageEvent event = context.getBean(ListenerConfiguration.class).received.poll();
			assertThat(event).isNotNull();
			assertThat(event.getPayload(String.class)).isEqualTo("user:42");
			messenger.send(2, "elsewhere", "x");
			assertThat(context.getBean(ListenerConfiguration.class).received).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		final BlockingQueue<ClusterMessageEvent> received = new LinkedBlockingQueue<>();

		@Bean
		ApplicationListener<ClusterMessageEvent> recordingListener() {
			return this.received::add;
		}

	}

}
