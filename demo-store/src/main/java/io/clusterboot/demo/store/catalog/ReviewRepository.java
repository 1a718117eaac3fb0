package io.clusterboot.demo.store.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The reviews of the products.
 *
 * @author ClusterBoot team
 */
public interface ReviewRepository extends JpaRepository<Review, Long> {

	List<Review> findTop10ByProductIdOrderByCreatedAtDesc(long productId);

	@Query("""
			select new io.clusterboot.demo.store.catalog.RatingSummary(count(r), coalesce(avg(r.rating), 0.0))
			from Review r where r.product.id = :productId
			""")
	RatingSummary summarize(@Param("productId") long productId);

}
