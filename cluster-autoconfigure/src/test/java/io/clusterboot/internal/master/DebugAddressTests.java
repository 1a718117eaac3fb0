package io.clusterboot.internal.master;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DebugAddress}: the port of each worker's debugger agent.
 *
 * @author ClusterBoot team
 */
class DebugAddressTests {

	private static final MasterSettings.Debug PORT_5006 = new MasterSettings.Debug(5006, "127.0.0.1");

	@Test
	void noPortMeansNoDebugger() {
		assertThat(DebugAddress.choose(new MasterSettings.Debug(null, "127.0.0.1"), 8, 1, Set.of())).isNull();
	}

	@Test
	void workerNListensOnThePortPlusNMinusOneOfTheLoopbackAddress() {
		assertThat(DebugAddress.choose(PORT_5006, 8, 1, Set.of())).isEqualTo(new DebugAddress("127.0.0.1", 5006));
		assertThat(DebugAddress.choose(PORT_5006, 8, 3, Set.of(5006, 5007)))
			.isEqualTo(new DebugAddress("127.0.0.1", 5008));
	}

	@Test
	void aWorkerWhoseSlotsPortIsHeldTakesTheNextBankThatIsFree() {
		// the new worker of a reload, next to the old one
		assertThat(DebugAddress.choose(PORT_5006, 8, 2, Set.of(5006, 5007))).extracting(DebugAddress::port)
			.isEqualTo(5015);
		// the next reload, once the old one is gone
		assertThat(DebugAddress.choose(PORT_5006, 8, 2, Set.of(5006, 5015))).extracting(DebugAddress::port)
			.isEqualTo(5007);
		// a reload while a worker of the slot still drains after a scaling down and up
		assertThat(DebugAddress.choose(PORT_5006, 8, 2, Set.of(5007, 5015))).extracting(DebugAddress::port)
			.isEqualTo(5023);
	}

	@Test
	void noPortAbove65535() {
		MasterSettings.Debug settings = new MasterSettings.Debug(65530, "127.0.0.1");
		assertThat(DebugAddress.choose(settings, 8, 6, Set.of())).extracting(DebugAddress::port).isEqualTo(65535);
		assertThat(DebugAddress.choose(settings, 8, 6, Set.of(65535))).isNull();
	}

	@Test
	void theAgentListensOnTheConfiguredAddressAndDoesNotWaitForADebugger() {
		DebugAddress address = DebugAddress.choose(new MasterSettings.Debug(5006, "*"), 8, 2, Set.of());
		assertThat(address).hasToString("*:5007");
		assertThat(address.agentOption())
			.isEqualTo("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5007");
	}

}
