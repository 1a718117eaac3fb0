package io.clusterboot.internal.worker;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerControl}.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class WorkerControlTests {

	private final RecordingHandler handler = new RecordingHandler();

	private ControlServer master;

	private WorkerControl control;

	@BeforeEach
	void connect() throws IOException, InterruptedException {
		this.master = ControlServer.start(this.handler);
		this.control = new WorkerControl(new WorkerIdentity(7, 1, 1, 1, this.master.socketPath()));
		assertThat(this.handler.next()).isEqualTo("7:hello");
	}

	@AfterEach
	void close() throws IOException {
		this.control.destroy();
		this.master.close();
	}

	@Test
	void aHandlerThatFailsLeavesTheChannelReading() throws InterruptedException {
		BlockingQueue<String> handled = new LinkedBlockingQueue<>();
		this.control.onMessage("first", (message) -> {
			throw new IllegalStateException("the application stopped its executor");
		});
		this.control.onMessage("second", (message) -> handled.add(message.type()));
		assertThat(this.master.send(7, ControlMessage.of("first"))).isTrue();
		assertThat(this.master.send(7, ControlMessage.of("second"))).isTrue();
		assertThat(handled.poll(10, TimeUnit.SECONDS)).isEqualTo("second");
	}

}
