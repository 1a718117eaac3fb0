package io.clusterboot.demo.store.order;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The orders placed since a point in time, and what they came to.
 *
 * @param since the start of the period
 * @param orders the number of orders placed (cancelled ones excluded)
 * @param revenue their total
 * @author ClusterBoot team
 */
public record SalesSummary(Instant since, Long orders, BigDecimal revenue) {

}
