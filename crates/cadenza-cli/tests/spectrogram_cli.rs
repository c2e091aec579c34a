//! End-to-end tests of `cadenza spectrogram`: the built binary on WAV files the
//! test writes, checking the PNG it produces, and the one-line error / exit
//! status contract on corrupt, unsupported and missing inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cadenza(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cadenza"))
        .arg("spectrogram")
        .args(args)
        .output()
        .unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("spectrogram_cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A 16-bit PCM WAV with `channels` interleaved channels.
fn wav(rate: u32, channels: u16, samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let block = 2 * channels;
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    v.extend_from_slice(&block.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        v.extend_from_slice(&s.to_le_bytes());
    }
    v
}

fn decode_png(path: &PathBuf) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn assert_one_error_line(out: &Output, file: &Path) {
    assert_eq!(out.status.code(), Some(1), "exit status");
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "exactly one line: {stderr:?}");
    let prefix = format!("cadenza spectrogram: error: {}: ", file.display());
    assert!(
        stderr.starts_with(&prefix),
        "{stderr:?} should start with {prefix:?}"
    );
    assert!(
        stderr.trim_end().len() > prefix.len(),
        "a reason follows: {stderr:?}"
    );
}

#[test]
fn stereo_wav_renders_a_png_of_the_requested_size() {
    let rate = 22_050;
    let mut samples = Vec::new();
    for i in 0..rate * 2 {
        let t = f64::from(i) / f64::from(rate);
        let l = (0.4 * (2.0 * std::f64::consts::PI * 1000.0 * t).sin() * 32767.0) as i16;
        let r = (0.4 * (2.0 * std::f64::consts::PI * 3000.0 * t).sin() * 32767.0) as i16;
        samples.extend([l, r]);
    }
    let input = tmp("tones.wav");
    std::fs::write(&input, wav(rate, 2, &samples)).unwrap();
    for scale in ["log", "linear", "mel"] {
        let output = tmp(&format!("tones_{scale}.png"));
        let _ = std::fs::remove_file(&output);
        let out = cadenza(&[
            input.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
            "--scale".as_ref(),
            scale.as_ref(),
            "--fft".as_ref(),
            "1024".as_ref(),
            "--hop".as_ref(),
            "256".as_ref(),
            "--width".as_ref(),
            "640".as_ref(),
            "--height".as_ref(),
            "360".as_ref(),
        ]);
        assert!(
            out.status.success(),
            "{scale}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty() && out.stdout.is_empty());
        let (w, h, rgb) = decode_png(&output);
        assert_eq!((w, h), (640, 360));
        // Both tones show up: some pixels are near the bright end of the map.
        let bright = rgb
            .chunks_exact(3)
            .filter(|p| p[0] > 240 && p[1] > 200)
            .count();
        assert!(bright > 2 * 200, "{scale}: {bright} bright pixels");
    }
}

#[test]
fn default_size_follows_the_frame_count() {
    let rate = 8000;
    let samples: Vec<i16> = (0..rate * 3)
        .map(|i| ((i * 7919) % 2000) as i16 - 1000)
        .collect();
    let input = tmp("noise.wav");
    std::fs::write(&input, wav(rate as u32, 1, &samples)).unwrap();
    let output = tmp("noise.png");
    let out = cadenza(&[input.as_os_str(), "--output".as_ref(), output.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h, _) = decode_png(&output);
    // 24000 samples / hop 512 → 47 frames: below the 480-pixel minimum width.
    assert_eq!((w, h), (480, 480));
}

#[test]
fn garbage_file_is_one_error_line_and_exit_1() {
    let input = tmp("garbage.wav");
    std::fs::write(
        &input,
        b"this is not audio at all, just some text bytes\n".repeat(20),
    )
    .unwrap();
    let out = cadenza(&[
        input.as_os_str(),
        "-o".as_ref(),
        tmp("garbage.png").as_os_str(),
    ]);
    assert_one_error_line(&out, &input);
}

#[test]
fn corrupt_wav_header_is_one_error_line_and_exit_1() {
    let mut bytes = wav(44_100, 1, &[0; 1000]);
    // Zero channels in the fmt chunk.
    bytes[22] = 0;
    bytes[23] = 0;
    let input = tmp("zero_channels.wav");
    std::fs::write(&input, &bytes).unwrap();
    let out = cadenza(&[
        input.as_os_str(),
        "-o".as_ref(),
        tmp("zero_channels.png").as_os_str(),
    ]);
    assert_one_error_line(&out, &input);

    // A WAV whose data chunk is empty has nothing to draw.
    let input = tmp("empty_data.wav");
    std::fs::write(&input, wav(44_100, 1, &[])).unwrap();
    let out = cadenza(&[
        input.as_os_str(),
        "-o".as_ref(),
        tmp("empty_data.png").as_os_str(),
    ]);
    assert_one_error_line(&out, &input);
}

#[test]
fn missing_file_is_one_error_line_and_exit_1() {
    let input = tmp("does_not_exist.flac");
    let out = cadenza(&[
        input.as_os_str(),
        "-o".as_ref(),
        tmp("nothing.png").as_os_str(),
    ]);
    assert_one_error_line(&out, &input);
}

#[test]
fn bad_usage_exits_2() {
    let input = tmp("noise.wav");
    for args in [
        vec![input.as_os_str()],
        vec![
            input.as_os_str(),
            "-o".as_ref(),
            "x.png".as_ref(),
            "--scale".as_ref(),
            "bark".as_ref(),
        ],
    ] {
        let out = cadenza(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
