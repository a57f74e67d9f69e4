package org.livingner.uima.io;

import org.apache.uima.fit.descriptor.ResourceMetaData;

/**
 * The BRAT writer under its former name, for one more release.
 *
 * @deprecated its simple name is DKPro Core's {@code org.dkpro.core.io.brat.BratWriter}, whose parameters differ;
 * use {@link LivingNerBratWriter}. Both now write through DKPro's file writer base, so an existing file is kept
 * unless {@link #PARAM_OVERWRITE} is set.
 */
@Deprecated(forRemoval = true)
@ResourceMetaData(name = "LivingNER BRAT writer (former name)", description = "Mentions as BRAT standoff (.txt +"
        + " .ann); use org.livingner.uima.io.LivingNerBratWriter.")
public class BratWriter extends LivingNerBratWriter {
}
