package org.livingner.uima.io;

import org.apache.uima.fit.descriptor.ResourceMetaData;

/**
 * The JSON writer under its former name, for one more release.
 *
 * @deprecated its simple name is DKPro Core's {@code org.dkpro.core.io.json.JsonWriter}, a different format; use
 * {@link LivingNerJsonWriter}. Both now write through DKPro's file writer base, so an existing file is kept unless
 * {@link #PARAM_OVERWRITE} is set.
 */
@Deprecated(forRemoval = true)
@ResourceMetaData(name = "LivingNER JSON writer (former name)", description = "Mentions as one JSON file per"
        + " document; use org.livingner.uima.io.LivingNerJsonWriter.")
public class JsonWriter extends LivingNerJsonWriter {
}
