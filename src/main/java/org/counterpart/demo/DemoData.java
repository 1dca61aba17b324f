package org.counterpart.demo;

/**
 * The rows of the reference scenario. Parties and fields come from the report of the Dalian–Liupanshui
 * promotion meeting of 12 September 2018 (see docs/reference-scenario.md); Chinese names of some
 * enterprises are renderings of the English names in that report.
 */
final class DemoData {

    private DemoData() {
    }

    /** key, Chinese name, English name, kind, region code, note. */
    static final String[][] INSTITUTIONS = {
            {"dl-gov", "大连市人民政府", "Dalian Municipal People's Government", "GOVERNMENT", "2102"},
            {"lps-gov", "六盘水市人民政府", "Liupanshui Municipal People's Government", "GOVERNMENT", "5202"},
            {"dl-office", "大连市东西部扶贫协作办公室", "Dalian East–West Cooperation Office", "DEPARTMENT", "2102"},
            {"lps-office", "六盘水市扶贫开发办公室", "Liupanshui Poverty Alleviation and Development Office", "DEPARTMENT", "5202"},
            {"liuzhi-gov", "六枝特区人民政府", "Liuzhi Special Zone People's Government", "GOVERNMENT", "520203"},
            {"panzhou-gov", "盘州市人民政府", "Panzhou City People's Government", "GOVERNMENT", "520281"},
            {"zhongshan-gov", "钟山区人民政府", "Zhongshan District People's Government", "GOVERNMENT", "520201"},
            {"eco-city", "大连生态科技创新城", "Dalian Ecological Science and Technology Innovation City", "DEVELOPMENT_ZONE", "210211"},
            {"huayuankou", "大连花园口经济区", "Huayuankou Economic Zone", "DEVELOPMENT_ZONE", "210283"},
            {"changxing", "大连长兴岛经济区", "Changxing Island Economic Zone", "DEVELOPMENT_ZONE", "210281"},
            {"lps-hitech", "六盘水高新技术产业开发区", "Liupanshui High-tech Industrial Development Zone", "DEVELOPMENT_ZONE", "520204"},
            {"hongguo-zone", "红果经济开发区", "Hongguo Economic Development Zone", "DEVELOPMENT_ZONE", "520281"},
            {"zhongshan-zone", "钟山经济开发区", "Zhongshan Economic Development Zone", "DEVELOPMENT_ZONE", "520201"},
            {"dce", "大连商品交易所", "Dalian Commodity Exchange", "EXCHANGE", "210204"},
            {"huanjia", "大连环嘉集团有限公司", "Dalian Huanjia Group", "ENTERPRISE", "2102", "再生资源回收利用 (recycling of renewable resources)"},
            {"hanwei", "大连韩伟集团", "Dalian Hanwei Group", "ENTERPRISE", "2102", "蛋鸡养殖 (laying hen breeding)"},
            {"jiuli", "大连久立投资有限公司", "Dalian Jiuli Investment Co., Ltd.", "ENTERPRISE", "2102"},
            {"jinlifang", "金立方集团", "Jin Lifang Group", "ENTERPRISE", "2102", "金融产业园 (financial industrial park)"},
            {"guoyi", "大连国一生鲜连锁超市", "Dalian Guoyi Fresh Food Chain Supermarket", "ENTERPRISE", "2102"},
            {"lps-supply", "六盘水市供销有限公司", "Liupanshui Supply and Marketing Co., Ltd.", "ENTERPRISE", "5202"},
            {"qixing", "大连七星餐饮管理有限公司", "Dalian Qixing Restaurant Management Co., Ltd.", "ENTERPRISE", "2102", "水城红心猕猴桃销售 (Shuicheng red kiwifruit distribution)"},
            {"hongxing", "水城县宏兴绿色农业投资有限公司", "Shuicheng County Hongxing Green Agriculture Investment Co., Ltd.", "ENTERPRISE", "520204"},
            {"dmu", "大连医科大学", "Dalian Medical University", "UNIVERSITY", "210212"},
            {"lps-vtc", "六盘水职业技术学院", "Liupanshui Vocational and Technical College", "COLLEGE", "520201"},
            {"lnnu", "辽宁师范大学", "Liaoning Normal University", "UNIVERSITY", "210204"},
            {"lps-preschool", "六盘水幼儿师范高等专科学校", "Liupanshui Preschool Teachers College", "COLLEGE", "5202"},
            {"dmu-hospital", "大连医科大学附属第一医院", "First Affiliated Hospital of Dalian Medical University", "HOSPITAL", "210203"},
            {"lps-hospital", "六盘水市人民医院", "Liupanshui People's Hospital", "HOSPITAL", "520201"},
    };

    /** Dalian district, Liupanshui county, since year. */
    static final String[][] DISTRICT_COUNTY = {
            {"210202", "520201", "2016"},
            {"210211", "520203", "2016"},
            {"210203", "520204", "2016"},
            {"210204", "520281", "2016"},
    };

    /** Dalian town or street, Liupanshui town (its first village is paired). */
    static final String[][] TOWN_VILLAGE = {
            {"210202001", "520201011"},
            {"210211001", "520203102"},
            {"210203001", "520204110"},
    };

    /** kind, helper institution, helped institution (or town whose first village is helped), since year, note. */
    static final String[][] INSTITUTION_PAIRS = {
            {"INSTITUTION_INSTITUTION", "eco-city", "lps-hitech", "2018", "园区共建 (park co-building, 12 Sep 2018); " + ReferenceScenario.ASSUMED},
            {"INSTITUTION_INSTITUTION", "huayuankou", "hongguo-zone", "2018", "园区共建 (park co-building, 12 Sep 2018); " + ReferenceScenario.ASSUMED},
            {"INSTITUTION_INSTITUTION", "changxing", "zhongshan-zone", "2018", "园区共建 (park co-building, 12 Sep 2018); " + ReferenceScenario.ASSUMED},
            {"ENTERPRISE_VILLAGE", "qixing", "520204110", "2018", "红心猕猴桃产销对接 (red kiwifruit sales); " + ReferenceScenario.ASSUMED},
            {"ENTERPRISE_VILLAGE", "hanwei", "520281104", "2018", "蛋鸡养殖 (laying hens); " + ReferenceScenario.ASSUMED},
            {"SCHOOL_SCHOOL", "dmu", "lps-vtc", "2018", "共建六盘水医学院 (build Liupanshui Medical College, 12 Sep 2018)"},
            {"SCHOOL_SCHOOL", "lnnu", "lps-preschool", "2018", "提升办学水平 (improve the college's quality, 12 Sep 2018)"},
            {"HOSPITAL_HOSPITAL", "dmu-hospital", "lps-hospital", "2017", ReferenceScenario.ASSUMED},
    };

    /**
     * username, display name, role, scope (region code, "0" for the nation, or @institution key), locale,
     * and "personal-data" for the one demo account allowed to see ID numbers unmasked.
     */
    static final String[][] USERS = {
            {"admin", "系统管理员", "ADMINISTRATOR", "0"},
            {"dalian.office", "大连市协作办 王主任", "COORDINATOR", "2102"},
            {"lps.office", "六盘水市扶贫办 李主任", "COORDINATOR", "5202", "", "personal-data"},
            {"zhongshan.reporter", "钟山区扶贫办 张明", "REPORTER", "520201"},
            {"panzhou.reviewer", "盘州市扶贫办 刘芳", "REVIEWER", "520281"},
            {"ganjingzi.reporter", "甘井子区合作办 陈晨", "REPORTER", "210211"},
            {"leader", "大连市领导", "VIEWER", "2102"},
            {"assessor", "贵州省考核组", "ASSESSOR", "52"},
            {"qixing.reporter", "七星餐饮 赵磊", "REPORTER", "@qixing", "en"},
    };
}
