// The values from below core that a screen holds or draws, under core's own names: the screens
// reach printer/ and scanner/ only through core, these included. A bitmap (the print preview's
// pixels), a QR matrix (the county's code on the help page) and an ID number (which masks itself
// and wipes its digits) are plain values: no device, disk or network behind them.
#pragma once

#include "printer/bitmap.hpp"
#include "printer/qr_code.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::core {

using Bitmap = printer::Bitmap;
using QrMatrix = printer::QrCode;
using IdNumber = scanner::IdNumber;

}  // namespace kiosk::core
