//! Zero-copy views over interleaved sample buffers: a buffer of
//! `frames * channels` samples seen as frames, as chunks of `n` frames, or as
//! one channel with a stride. Nothing here copies or allocates, so the views
//! can be built inside a real-time callback.

use std::iter::StepBy;
use std::slice::{Iter, IterMut};

/// Read-only view of an interleaved buffer.
#[derive(Clone, Copy, Debug)]
pub struct Frames<'a, T> {
    data: &'a [T],
    channels: usize,
}

/// Mutable view of an interleaved buffer.
#[derive(Debug)]
pub struct FramesMut<'a, T> {
    data: &'a mut [T],
    channels: usize,
}

fn whole_frames(len: usize, channels: usize) -> usize {
    assert!(channels > 0, "frame views need at least one channel");
    len - len % channels
}

impl<'a, T> Frames<'a, T> {
    /// Views `data` as frames of `channels` samples. A trailing partial
    /// frame is left out of the view.
    ///
    /// # Panics
    /// If `channels == 0`.
    pub fn new(data: &'a [T], channels: usize) -> Self {
        let n = whole_frames(data.len(), channels);
        Frames {
            data: &data[..n],
            channels,
        }
    }

    /// Samples per frame.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Number of whole frames.
    pub fn len(&self) -> usize {
        self.data.len() / self.channels
    }

    /// `true` when the view holds no frame.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The underlying interleaved samples.
    pub fn as_slice(&self) -> &'a [T] {
        self.data
    }

    /// Frame `i` (one sample per channel), or `None` past the end.
    pub fn frame(&self, i: usize) -> Option<&'a [T]> {
        let c = self.channels;
        self.data.get(i * c..i * c + c)
    }

    /// Iterates over frames.
    pub fn iter(&self) -> std::slice::ChunksExact<'a, T> {
        self.data.chunks_exact(self.channels)
    }

    /// Iterates over consecutive chunks of `frames` frames; the last chunk
    /// may be shorter.
    ///
    /// # Panics
    /// If `frames == 0`.
    pub fn chunks(&self, frames: usize) -> impl Iterator<Item = Frames<'a, T>> + use<'a, T> {
        let channels = self.channels;
        self.data
            .chunks(frames * channels)
            .map(move |data| Frames { data, channels })
    }

    /// Channel `ch` as a strided view.
    ///
    /// # Panics
    /// If `ch >= channels`.
    pub fn channel(&self, ch: usize) -> Channel<'a, T> {
        assert!(ch < self.channels, "channel {ch} out of range");
        Channel {
            data: self.data.get(ch..).unwrap_or(&[]),
            stride: self.channels,
        }
    }
}

impl<'a, T> FramesMut<'a, T> {
    /// Views `data` mutably as frames of `channels` samples. A trailing
    /// partial frame is left out of the view.
    ///
    /// # Panics
    /// If `channels == 0`.
    pub fn new(data: &'a mut [T], channels: usize) -> Self {
        let n = whole_frames(data.len(), channels);
        FramesMut {
            data: &mut data[..n],
            channels,
        }
    }

    /// Samples per frame.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Number of whole frames.
    pub fn len(&self) -> usize {
        self.data.len() / self.channels
    }

    /// `true` when the view holds no frame.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Read-only view of the same samples.
    pub fn as_frames(&self) -> Frames<'_, T> {
        Frames {
            data: self.data,
            channels: self.channels,
        }
    }

    /// The underlying interleaved samples, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.data
    }

    /// Frame `i`, mutably, or `None` past the end.
    pub fn frame_mut(&mut self, i: usize) -> Option<&mut [T]> {
        let c = self.channels;
        self.data.get_mut(i * c..i * c + c)
    }

    /// Iterates over frames mutably.
    pub fn iter_mut(&mut self) -> std::slice::ChunksExactMut<'_, T> {
        self.data.chunks_exact_mut(self.channels)
    }

    /// Iterates over consecutive mutable chunks of `frames` frames; the last
    /// may be shorter.
    ///
    /// # Panics
    /// If `frames == 0`.
    pub fn chunks_mut(&mut self, frames: usize) -> impl Iterator<Item = FramesMut<'_, T>> {
        let channels = self.channels;
        self.data
            .chunks_mut(frames * channels)
            .map(move |data| FramesMut { data, channels })
    }

    /// Channel `ch` as a mutable strided view.
    ///
    /// # Panics
    /// If `ch >= channels`.
    pub fn channel_mut(&mut self, ch: usize) -> ChannelMut<'_, T> {
        assert!(ch < self.channels, "channel {ch} out of range");
        let stride = self.channels;
        ChannelMut {
            data: self.data.get_mut(ch..).unwrap_or(&mut []),
            stride,
        }
    }
}

/// One channel of an interleaved buffer: sample `i` is `data[i * stride]`.
#[derive(Clone, Copy, Debug)]
pub struct Channel<'a, T> {
    data: &'a [T],
    stride: usize,
}

impl<'a, T> Channel<'a, T> {
    /// Number of samples in the channel.
    pub fn len(&self) -> usize {
        self.data.len().div_ceil(self.stride)
    }

    /// `true` when the channel has no sample.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Sample `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&'a T> {
        self.data.get(i.checked_mul(self.stride)?)
    }

    /// Iterates over the channel's samples.
    pub fn iter(&self) -> StepBy<Iter<'a, T>> {
        self.data.iter().step_by(self.stride)
    }
}

impl<'a, T> IntoIterator for Channel<'a, T> {
    type Item = &'a T;
    type IntoIter = StepBy<Iter<'a, T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One channel of an interleaved buffer, mutably.
#[derive(Debug)]
pub struct ChannelMut<'a, T> {
    data: &'a mut [T],
    stride: usize,
}

impl<T> ChannelMut<'_, T> {
    /// Number of samples in the channel.
    pub fn len(&self) -> usize {
        self.data.len().div_ceil(self.stride)
    }

    /// `true` when the channel has no sample.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Sample `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.data.get(i.checked_mul(self.stride)?)
    }

    /// Sample `i` mutably, or `None` past the end.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.data.get_mut(i.checked_mul(self.stride)?)
    }

    /// Iterates over the channel's samples.
    pub fn iter(&self) -> StepBy<Iter<'_, T>> {
        self.data.iter().step_by(self.stride)
    }

    /// Iterates mutably over the channel's samples.
    pub fn iter_mut(&mut self) -> StepBy<IterMut<'_, T>> {
        self.data.iter_mut().step_by(self.stride)
    }
}

impl<'a, T> IntoIterator for ChannelMut<'a, T> {
    type Item = &'a mut T;
    type IntoIter = StepBy<IterMut<'a, T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter_mut().step_by(self.stride)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_views_stride_over_interleaved_data() {
        let data: Vec<u32> = (0..12).collect(); // 4 frames x 3 channels
        let f = Frames::new(&data, 3);
        assert_eq!(f.len(), 4);
        assert_eq!(f.frame(1), Some(&[3, 4, 5][..]));
        assert_eq!(f.frame(4), None);
        let c1: Vec<u32> = f.channel(1).iter().copied().collect();
        assert_eq!(c1, [1, 4, 7, 10]);
        assert_eq!(f.channel(2).len(), 4);
        assert_eq!(f.channel(2).get(3), Some(&11));
        assert_eq!(f.channel(2).get(4), None);
    }

    #[test]
    fn chunks_cover_every_frame_with_a_short_last_chunk() {
        let data: Vec<u32> = (0..14).collect(); // 7 frames x 2
        let f = Frames::new(&data, 2);
        let lens: Vec<usize> = f.chunks(3).map(|c| c.len()).collect();
        assert_eq!(lens, [3, 3, 1]);
        let last = f.chunks(3).last().unwrap();
        assert_eq!(last.channel(1).iter().copied().collect::<Vec<_>>(), [13]);
    }

    #[test]
    fn trailing_partial_frame_is_excluded() {
        let data = [1.0f32; 7];
        assert_eq!(Frames::new(&data, 2).len(), 3);
        assert_eq!(Frames::new(&data, 2).channel(1).len(), 3);
    }

    #[test]
    fn channel_mut_writes_only_its_channel() {
        let mut data = vec![0i16; 8];
        let mut f = FramesMut::new(&mut data, 2);
        for (i, s) in f.channel_mut(1).iter_mut().enumerate() {
            *s = i as i16 + 1;
        }
        for mut chunk in f.chunks_mut(2) {
            *chunk.channel_mut(0).get_mut(0).unwrap() = -1;
        }
        assert_eq!(data, [-1, 1, 0, 2, -1, 3, 0, 4]);
    }
}
