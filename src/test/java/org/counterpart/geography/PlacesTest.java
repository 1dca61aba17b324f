package org.counterpart.geography;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.counterpart.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The division tables as shipped, and the pages that browse and search them. */
@IntegrationTest
@Claims(scenario = "reads the division tables")
class PlacesTest {

    @LocalServerPort
    int port;

    @Autowired
    Regions regions;

    @Test
    void theShippedTablesHoldTheDivisionsOfBothCities() {
        assertThat(regions.size()).isEqualTo(79_394);
        RegionCode liupanshui = regions.code("5202");
        assertThat(regions.children(liupanshui)).extracting(Region::name).containsExactly("钟山区", "六枝特区", "水城区", "盘州市");
        // domain.md: 92 towns and streets, 1,152 villages and communities
        assertThat(regions.countBelow(liupanshui, RegionLevel.TOWN)).isEqualTo(92);
        assertThat(regions.countBelow(liupanshui, RegionLevel.VILLAGE)).isEqualTo(1152);
        assertThat(regions.children(regions.code("2102"))).hasSize(10);
        assertThat(regions.fullName(regions.code("520201011001"))).startsWith("贵州省 › 六盘水市 › 钟山区 › ");
    }

    @Test
    void codesThatDoNotExistAreRefusedWithTheReason() {
        assertThatThrownBy(() -> regions.code("520299")).isInstanceOf(UnknownRegionException.class)
                .extracting(e -> ((InvalidInputException) e).messageKey()).isEqualTo("region.code.unknown");
        assertThatThrownBy(() -> regions.code("5202011")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).messageKey()).isEqualTo("region.code.badLength");
        assertThat(regions.code(" ５２０２ ").value()).isEqualTo("5202");
    }

    @Test
    void searchFindsPlacesByCodePrefixOrAnyPartOfTheName() {
        assertThat(regions.search("520201", 5)).first().extracting(r -> r.code().value()).isEqualTo("520201");
        assertThat(regions.search("米箩", 10)).extracting(Region::name).contains("米箩镇");
        assertThat(regions.search("%", 10)).isEmpty();

        WebSession s = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(s.get("/regions?q=%E9%92%9F%E5%B1%B1").body()).contains("钟山区").contains("/regions/520201");
        WebSession.Page fragment = s.getWithHeader("/regions/search?q=520204110", "HX-Request", "true");
        assertThat(fragment.body()).contains("米箩镇").doesNotContain("<html");
        assertThat(s.get("/regions?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E5%9C%B0%E6%96%B9").body()).contains("没有与");
    }

    @Test
    void theTreeOpensOneLevelAtATime() {
        WebSession s = WebSession.signedIn(port, "leader");
        WebSession.Page kids = s.getWithHeader("/regions/5202/children", "HX-Request", "true");
        assertThat(kids.body()).contains("钟山区", "六枝特区", "水城区", "盘州市").doesNotContain("<html");
        assertThat(s.get("/regions/520201").body()).contains("钟山区", "下级区划");
        assertThat(s.get("/regions/520299").status()).isEqualTo(404);
    }
}
