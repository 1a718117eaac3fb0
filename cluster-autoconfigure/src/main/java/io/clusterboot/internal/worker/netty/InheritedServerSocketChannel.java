package io.clusterboot.internal.worker.netty;

import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;

import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A Netty server channel on the master's listening socket, inherited on standard input.
 * Binding does nothing, since the master bound it and listens already, and closing only
 * deregisters it: closing the inherited channel would make the JDK put /dev/null on
 * standard output and error.
 *
 * @author ClusterBoot team
 */
class InheritedServerSocketChannel extends NioServerSocketChannel {

	private volatile boolean closed;

	InheritedServerSocketChannel(ServerSocketChannel inherited) {
		super(inherited);
	}

	@Override
	protected void doBind(SocketAddress localAddress) {
		// bound and listening by the master
	}

	@Override
	protected void doClose() {
		this.closed = true;
	}

	@Override
	public boolean isOpen() {
		return !this.closed && super.isOpen();
	}

}
