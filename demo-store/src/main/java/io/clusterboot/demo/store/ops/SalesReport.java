package io.clusterboot.demo.store.ops;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.clusterboot.demo.store.order.OrderService;
import io.clusterboot.demo.store.order.SalesSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Computes the sales of the last 24 hours on a schedule, and publishes them as gauges.
 *
 * @author ClusterBoot team
 */
@Component
class SalesReport {

	private static final Logger logger = LoggerFactory.getLogger(SalesReport.class);

	private static final Duration PERIOD = Duration.ofHours(24);

	private final OrderService orders;

	private final AtomicReference<SalesSummary> latest = new AtomicReference<>();

	SalesReport(OrderService orders, MeterRegistry registry) {
		this.orders = orders;
		Gauge.builder("store.sales.orders", this, (report) -> report.orders())
			.description("Orders placed in the last 24 hours")
			.register(registry);
		Gauge.builder("store.sales.revenue", this, (report) -> report.revenue().doubleValue())
			.description("Revenue of the last 24 hours")
			.register(registry);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${store.sales-report-interval:1m}")
	void update() {
		SalesSummary summary = this.orders.salesSince(Instant.now().minus(PERIOD));
		this.latest.set(summary);
		logger.debug("{} orders for {} since {}", summary.orders(), summary.revenue(), summary.since());
	}

	long orders() {
		SalesSummary summary = this.latest.get();
		return (summary != null) ? summary.orders() : 0;
	}

	BigDecimal revenue() {
		SalesSummary summary = this.latest.get();
		return (summary != null) ? summary.revenue() : BigDecimal.ZERO;
	}

}
