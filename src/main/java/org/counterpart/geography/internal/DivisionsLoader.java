package org.counterpart.geography.internal;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills the empty {@code region} table from the shipped division files on first start, then builds
 * the in-memory tree. Each division's parent is the nearest listed ancestor: a few county-level units
 * are governed directly by their province, and their code's city prefix names no city.
 */
@Component
class DivisionsLoader implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DivisionsLoader.class);
    private static final String DIR = "geography/divisions/";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Regions regions;

    DivisionsLoader(JdbcTemplate jdbc, TransactionTemplate tx, Regions regions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.regions = regions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Integer count = jdbc.queryForObject("select count(*) from region", Integer.class);
        if (count == null || count == 0) {
            long start = System.nanoTime();
            int loaded = tx.execute(status -> load());
            log.info("Loaded {} administrative divisions in {} ms", loaded, (System.nanoTime() - start) / 1_000_000);
        }
        regions.refresh();
    }

    private int load() {
        Set<String> known = new HashSet<>();
        int total = 0;
        total += loadFile("provinces.csv", RegionLevel.PROVINCE, known);
        total += loadFile("cities.csv", RegionLevel.CITY, known, "provinceCode");
        total += loadFile("areas.csv", RegionLevel.COUNTY, known, "cityCode", "provinceCode");
        total += loadFile("streets.csv", RegionLevel.TOWN, known, "areaCode", "cityCode", "provinceCode");
        total += loadFile("villages-52-21.csv", RegionLevel.VILLAGE, known, "streetCode", "areaCode", "cityCode", "provinceCode");
        return total;
    }

    private int loadFile(String file, RegionLevel level, Set<String> known, String... parentColumns) {
        List<Object[]> batch = new ArrayList<>(5000);
        int n = 0;
        try (Reader reader = new InputStreamReader(new ClassPathResource(DIR + file).getInputStream(), StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(reader)) {
            for (NamedCsvRecord row : csv) {
                String code = row.getField("code");
                String parent = null;
                for (String column : parentColumns) {
                    String candidate = row.getField(column);
                    if (known.contains(candidate)) {
                        parent = candidate;
                        break;
                    }
                }
                known.add(code);
                batch.add(new Object[]{code, row.getField("name"), level.ordinal(), parent});
                if (batch.size() == 5000) {
                    n += flush(batch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read division file " + file, e);
        }
        return n + flush(batch);
    }

    private int flush(List<Object[]> batch) {
        jdbc.batchUpdate("insert into region (code, name, level, parent_code) values (?, ?, ?, ?)", batch);
        int size = batch.size();
        batch.clear();
        return size;
    }
}
