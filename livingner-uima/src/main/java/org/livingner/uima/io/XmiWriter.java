package org.livingner.uima.io;

import org.apache.uima.fit.descriptor.ResourceMetaData;

/**
 * The XMI writer under its former name, for one more release: DKPro Core's, which ours only repeated (the whole CAS
 * as {@code ID.xmi}, plus {@code TypeSystem.xml}).
 *
 * @deprecated use DKPro Core's {@link org.dkpro.core.io.xmi.XmiWriter} (artifact {@code dkpro-core-io-xmi-asl}),
 * whose simple name this one shares. An existing file is now kept unless {@link #PARAM_OVERWRITE} is set.
 */
@Deprecated(forRemoval = true)
@ResourceMetaData(name = "LivingNER XMI writer (former name)", description = "DKPro Core's XMI writer; use"
        + " org.dkpro.core.io.xmi.XmiWriter.")
public class XmiWriter extends org.dkpro.core.io.xmi.XmiWriter {
}
