package io.clusterboot.demo.store.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The categories of the catalog.
 *
 * @author ClusterBoot team
 */
public interface CategoryRepository extends JpaRepository<Category, Long> {

	Optional<Category> findBySlug(String slug);

	List<Category> findAllByOrderByNameAsc();

}
