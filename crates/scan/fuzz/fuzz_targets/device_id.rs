//! Any text as a code payload or a typed ID: parsing must not panic, and whatever parses must
//! survive a round trip through both of its printed forms.
#![no_main]

use companion_scan::DeviceId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for parsed in [DeviceId::parse(&text), DeviceId::from_code_payload(&text)] {
        if let Ok(id) = parsed {
            assert_eq!(DeviceId::parse(id.as_str()), Ok(id));
            assert_eq!(DeviceId::parse(&id.display_grouped()), Ok(id));
        }
    }
});
