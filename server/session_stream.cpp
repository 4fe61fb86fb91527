// Session's HttpStream: what a streaming route sees of the connection (server/http_stream.hpp).
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <charconv>
#include <utility>

#include "server/response_head.hpp"
#include "server/session.hpp"

namespace localiam::server::edge {
namespace {

constexpr size_t kPieceSize = 64 * 1024;

}  // namespace

void Session::start_streaming() {
  piece_.clear();
  announced_length_.reset();
  body_sent_ = 0;
  head_sent_ = head_held_ = chunked_ = no_body_ = failed_ = finished_ = false;
  keep_alive_ = true;
  body_read_ = head_parser_->is_done();
  // No body limit: the route reads at its own pace and decides what is too much.
  if (!body_read_) piece_parser_.emplace(std::move(*head_parser_));
  std::shared_ptr<HttpStream> stream(shared_from_this(), static_cast<HttpStream*>(this));
  try {
    route_->streaming(std::move(request_), std::move(stream));
  } catch (const std::exception& e) {
    log_line(log::Level::kError, std::string("streaming route threw: ") + e.what());
    finish();
  }
}

void Session::read_body(Piece on_piece) {
  net::dispatch(executor_, [self = shared_from_this(), on_piece = std::move(on_piece)]() mutable {
    if (self->failed_ || self->finished_ || self->body_read_) {
      const bool ok = !self->failed_ && !self->finished_;
      // Posted, never run inline: a route reading in a loop must not recurse.
      return net::post(self->executor_, [on_piece = std::move(on_piece), ok] { on_piece(ok, {}); });
    }
    if (!std::exchange(self->expects_continue_, false))
      return self->read_piece(std::move(on_piece));
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    self->stream_.expires_after(self->server_.options().read_timeout);
    net::async_write(self->stream_, net::buffer(kContinue, sizeof kContinue - 1),
                     [self, on_piece = std::move(on_piece)](error_code ec, size_t) mutable {
                       if (ec) {
                         self->failed_ = true;
                         return on_piece(false, {});
                       }
                       self->read_piece(std::move(on_piece));
                     });
  });
}

void Session::read_piece(Piece on_piece) {
  // No bigger than what is announced: a fresh 64 KiB zero-filled per request showed up in
  // profiles of small forwarded calls.
  size_t size = kPieceSize;
  if (auto left = piece_parser_->content_length_remaining(); left && *left > 0 && *left < size)
    size = static_cast<size_t>(*left);
  piece_.resize(size);
  auto& body = piece_parser_->get().body();
  body.data = piece_.data();
  body.size = piece_.size();
  stream_.expires_after(server_.options().read_timeout);
  http::async_read(
      stream_, buffer_, *piece_parser_,
      [self = shared_from_this(), on_piece = std::move(on_piece)](error_code ec, size_t) mutable {
        // need_buffer: the piece is full, the body goes on.
        if (ec == http::error::need_buffer) ec = {};
        if (ec) {
          self->failed_ = true;
          return on_piece(false, {});
        }
        const size_t got = self->piece_.size() - self->piece_parser_->get().body().size;
        self->body_read_ = self->piece_parser_->is_done();
        if (got == 0 && !self->body_read_) return self->read_piece(std::move(on_piece));
        on_piece(true, std::string_view(self->piece_.data(), got));
      });
}

void Session::write_head(ResponseHead head, Done done) {
  net::dispatch(executor_, [self = shared_from_this(), head = std::move(head),
                            done = std::move(done)]() mutable {
    if (self->failed_ || self->finished_ || self->head_sent_) {
      if (self->head_sent_) log_line(log::Level::kError, "a streaming route sent two heads");
      return net::post(self->executor_, [done = std::move(done)] { done(false); });
    }
    self->head_sent_ = true;
    // A final answer replaces the 100 Continue the client asked for.
    self->expects_continue_ = false;
    Framing framing;
    self->no_body_ = self->head_method_ || head.status == 204 || head.status == 304;
    if (head.status != 204 && head.status != 304) {
      framing.content_length = head.content_length;
      // HTTP/1.0 knows no chunks: the body ends where the connection does.
      framing.chunked = !head.content_length && self->version_ != 10;
    }
    self->announced_length_ = framing.content_length;
    self->chunked_ = framing.chunked;
    self->keep_alive_ = self->client_keep_alive_ && !self->server_.stopping() &&
                        (framing.content_length || framing.chunked || self->no_body_);
    framing.keep_alive = self->keep_alive_;
    compose_head(self->head_, self->version_, head.status, head.content_type, head.headers,
                 framing);
    if (framing.content_length && *framing.content_length > 0 && !self->no_body_) {
      self->head_held_ = true;
      return net::post(self->executor_, [done = std::move(done)] { done(true); });
    }
    self->stream_.expires_after(self->server_.options().read_timeout);
    net::async_write(self->stream_, net::buffer(self->head_),
                     [self, done = std::move(done)](error_code ec, size_t) {
                       if (ec) self->failed_ = true;
                       done(!ec);
                     });
  });
}

void Session::write_body(std::string piece, Done done) {
  net::dispatch(executor_, [self = shared_from_this(), piece = std::move(piece),
                            done = std::move(done)]() mutable {
    const bool usable = !self->failed_ && !self->finished_ && self->head_sent_;
    if (!usable || self->no_body_ || piece.empty())
      return net::post(self->executor_, [done = std::move(done), usable] { done(usable); });
    self->body_sent_ += piece.size();
    self->body_ = std::move(piece);
    self->chunk_size_.clear();
    if (self->chunked_) {
      char digits[20];
      const auto hex = std::to_chars(digits, digits + sizeof digits, self->body_.size(), 16);
      self->chunk_size_.assign(digits, hex.ptr);
      self->chunk_size_ += "\r\n";
    }
    const std::string_view crlf = self->chunked_ ? "\r\n" : "";
    const std::string_view head =
        std::exchange(self->head_held_, false) ? std::string_view(self->head_) : "";
    const std::array<net::const_buffer, 4> buffers{
        net::buffer(head.data(), head.size()), net::buffer(self->chunk_size_),
        net::buffer(self->body_), net::buffer(crlf.data(), crlf.size())};
    self->stream_.expires_after(self->server_.options().read_timeout);
    net::async_write(self->stream_, buffers, [self, done = std::move(done)](error_code ec, size_t) {
      std::string().swap(self->body_);
      if (ec) self->failed_ = true;
      done(!ec);
    });
  });
}

void Session::finish() {
  net::dispatch(executor_, [self = shared_from_this()] {
    if (std::exchange(self->finished_, true)) return;
    if (self->failed_) return self->close();
    // A route that answered nothing: the connection cannot tell the client anything better.
    if (!self->head_sent_) return self->send_error(500, "Internal Server Error\n");
    if (std::exchange(self->head_held_, false)) {
      // No body came after all: the head alone (end_stream() then finds the length short).
      self->stream_.expires_after(self->server_.options().read_timeout);
      return net::async_write(self->stream_, net::buffer(self->head_),
                              [self](error_code ec, size_t) {
                                if (ec) return self->close();
                                self->end_stream();
                              });
    }
    if (!self->chunked_ || self->no_body_) return self->end_stream();
    static constexpr char kLastChunk[] = "0\r\n\r\n";
    self->stream_.expires_after(self->server_.options().read_timeout);
    net::async_write(self->stream_, net::buffer(kLastChunk, sizeof kLastChunk - 1),
                     [self](error_code ec, size_t) {
                       if (ec) return self->close();
                       self->end_stream();
                     });
  });
}

void Session::abort() {
  net::dispatch(executor_, [self = shared_from_this()] {
    if (std::exchange(self->finished_, true)) return;
    self->close();
  });
}

// After the route's last byte: the next request on this connection, or its end.
void Session::end_stream() {
  piece_parser_.reset();
  std::string().swap(piece_);
  const bool framed = !announced_length_ || no_body_ || *announced_length_ == body_sent_;
  if (!framed) {
    log_line(log::Level::kError, "a streaming route sent a body of another length than announced");
    return close();
  }
  // Unread request body: the connection cannot carry another request.
  if (!body_read_) return linger();
  if (!keep_alive_ || stopping_) return half_close();
  do_read();
}

}  // namespace localiam::server::edge
