package org.counterpart.cooperation;

import org.counterpart.geography.RegionLevel;

/**
 * The pairings of the cooperation and what each side must be: a city helps a city, a district a
 * county, a town a village, an enterprise a village, a school a school, a hospital a hospital.
 */
public enum PairingKind {
    CITY_CITY(Side.region(RegionLevel.CITY), Side.region(RegionLevel.CITY)),
    DISTRICT_COUNTY(Side.region(RegionLevel.COUNTY), Side.region(RegionLevel.COUNTY)),
    TOWN_VILLAGE(Side.region(RegionLevel.TOWN), Side.region(RegionLevel.VILLAGE)),
    ENTERPRISE_VILLAGE(Side.institution(InstitutionKind.ENTERPRISE), Side.region(RegionLevel.VILLAGE)),
    SCHOOL_SCHOOL(Side.SCHOOL, Side.SCHOOL),
    HOSPITAL_HOSPITAL(Side.institution(InstitutionKind.HOSPITAL), Side.institution(InstitutionKind.HOSPITAL)),
    INSTITUTION_INSTITUTION(Side.ANY_INSTITUTION, Side.ANY_INSTITUTION);

    /** What one side of a pairing of this kind must be. */
    record Side(RegionLevel level, InstitutionKind kind, boolean anyInstitution, boolean school) {
        static final Side SCHOOL = new Side(null, null, false, true);
        static final Side ANY_INSTITUTION = new Side(null, null, true, false);

        static Side region(RegionLevel level) {
            return new Side(level, null, false, false);
        }

        static Side institution(InstitutionKind kind) {
            return new Side(null, kind, false, false);
        }

        boolean wantsRegion() {
            return level != null;
        }

        boolean accepts(InstitutionKind k) {
            return anyInstitution || (school && k.isSchool()) || k == kind;
        }
    }

    final Side helper;
    final Side helped;

    PairingKind(Side helper, Side helped) {
        this.helper = helper;
        this.helped = helped;
    }

    public boolean helperIsRegion() {
        return helper.wantsRegion();
    }

    public boolean helpedIsRegion() {
        return helped.wantsRegion();
    }

    public String messageKey() {
        return "pairing.kind." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
