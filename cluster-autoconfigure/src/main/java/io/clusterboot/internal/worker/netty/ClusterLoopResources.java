package io.clusterboot.internal.worker.netty;

import java.time.Duration;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The loop resources of a Reactor Netty server, with the server channel replaced by one on
 * the cluster's socket. Reactor Netty creates channels only through its
 * {@link LoopResources}, so this is where the server channel can be swapped. The
 * delegate is looked up at each use, since Spring's {@code ReactorResourceFactory} creates
 * its loop resources only when it starts.
 *
 * @author ClusterBoot team
 */
class ClusterLoopResources implements LoopResources {

	private final Supplier<LoopResources> delegate;

	private final Supplier<ServerSocketChannel> serverChannels;

	ClusterLoopResources(Supplier<LoopResources> delegate, Supplier<ServerSocketChannel> serverChannels) {
		this.delegate = delegate;
		this.serverChannels = serverChannels;
	}

	@Override
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class) {
			return channelType.cast(this.serverChannels.get());
		}
		return this.delegate.get().onChannel(channelType, group);
	}

	@Override
	public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
			EventLoopGroup group) {
		return this.delegate.get().onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		// the server channel and the connections it accepts are NIO channels
		return this.delegate.get().onServer(false);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.delegate.get().onServerSelect(false);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.delegate.get().onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return this.delegate.get().daemon();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return this.delegate.get().disposeLater(quietPeriod, timeout);
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.get().isDisposed();
	}

}
