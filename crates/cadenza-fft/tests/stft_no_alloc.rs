//! The STFT, ISTFT and streaming-STFT process calls never allocate: every
//! buffer is sized when the plan is built. A counting global allocator watches
//! each call after planning, on every SIMD level this CPU supports.

use cadenza_fft::mel::{MelConfig, MelFilterbank};
use cadenza_fft::stft::DbOptions;
use cadenza_fft::{Centre, Complex, Istft, IstftStream, Planner, Stft, StftStream, Window};

mod common;
use common::allocations_during;

#[test]
fn stft_process_calls_do_not_allocate() {
    let signal: Vec<f32> = (0..20_000)
        .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
        .collect();
    for level in cadenza_simd::supported() {
        let planner = Planner::with_level(level);
        for (n, hop, centre) in [
            (2048, 512, Centre::ReflectPad),
            (1024, 256, Centre::ZeroPad),
            (1000, 300, Centre::Off),
        ] {
            let mut stft =
                Stft::<f32>::with_window(&planner, Window::Hann, n, hop, centre).unwrap();
            let w = stft.window().to_vec();
            let mut istft = Istft::new(&planner, &w, hop, centre).unwrap();
            let (frames, nb) = (stft.n_frames(signal.len()), stft.n_bins());
            let fb = MelFilterbank::new(&MelConfig::new(48_000.0, n, 64)).unwrap();
            let mut spec = vec![Complex::new(0.0f32, 0.0); frames * nb];
            let mut real = vec![0.0f32; frames * nb];
            let mut mel = vec![0.0f32; frames * 64];
            let mut frame_out = vec![Complex::new(0.0f32, 0.0); nb];
            let mut rebuilt = vec![0.0f32; signal.len()];
            let count = allocations_during(|| {
                stft.process_complex(&signal, &mut spec);
                stft.process_power(&signal, &mut real);
                stft.process_frames_power(&signal, 3, &mut real[..5 * nb]);
                stft.process_magnitude(&signal, &mut real);
                stft.process_db(&signal, DbOptions::default(), &mut real);
                stft.process_mel(&signal, &fb, &mut mel);
                stft.process_frame(&signal[..n], &mut frame_out);
                istft.process(&spec, &mut rebuilt);
            });
            assert_eq!(
                count, 0,
                "{level:?} n={n}: STFT/ISTFT process calls allocated"
            );
            if centre != Centre::ReflectPad {
                let mut stream = StftStream::new(&planner, &w, hop, centre).unwrap();
                let mut emitted = 0usize;
                let count = allocations_during(|| {
                    for chunk in signal.chunks(777) {
                        stream.push(chunk, |s| emitted += s.len());
                    }
                    stream.finish(|s| emitted += s.len());
                });
                assert_eq!(count, 0, "{level:?} n={n}: streaming STFT allocated");
                let mut inverse = IstftStream::new(&planner, &w, hop).unwrap();
                let mut block = vec![0.0f32; hop];
                let mut tail = vec![0.0f32; n - hop];
                let count = allocations_during(|| {
                    for s in spec.chunks_exact(nb) {
                        inverse.push(s, &mut block);
                    }
                    inverse.finish(&mut tail);
                });
                assert_eq!(count, 0, "{level:?} n={n}: streaming ISTFT allocated");
                assert_eq!(emitted, frames * nb);
            }
        }
    }
}
