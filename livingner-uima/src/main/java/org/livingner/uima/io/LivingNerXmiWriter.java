package org.livingner.uima.io;

import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.dkpro.core.io.xmi.XmiWriter;

import java.io.IOException;

/**
 * DKPro Core's XMI writer (the whole CAS as {@code ID.xmi}, plus {@code TypeSystem.xml}), with every file written whole
 * or not at all and with the umask's mode ({@link OutputFiles#atomic}): DKPro's own writes into the file in place, so
 * a run that dies or a full disk leaves a truncated XMI file. Its parameters are DKPro's.
 */
@ResourceMetaData(name = "LivingNER XMI writer", description = "DKPro Core's XMI writer, writing each file"
        + " atomically.")
public class LivingNerXmiWriter extends XmiWriter {

    @Override
    protected NamedOutputStream getOutputStream(String relativePath, String extension) throws IOException {
        NamedOutputStream atomic = OutputFiles.atomic(getContext(), getTargetLocation(), getCompressionMethod(),
                relativePath, extension);
        return atomic != null ? atomic : super.getOutputStream(relativePath, extension);
    }
}
