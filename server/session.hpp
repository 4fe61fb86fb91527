// Server-private (Beast/Asio inside): one connection. Reads each request's head first and asks
// the router for its route; a buffered route gets the body read into a string (with the size
// limit: 413) and its reply written, after the reply's completion when it has one; a streaming
// route gets the session as its HttpStream. Keep-alive, a timeout re-armed before every read
// and write, a lingering close after an error answer, and an orderly end when the server stops.
// Included only by server/*.cpp.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>
#include <string>

#include "server/asio_types.hpp"
#include "server/http_route.hpp"
#include "server/server_core.hpp"

namespace localiam::server::edge {

namespace http = beast::http;

class Session : public std::enable_shared_from_this<Session>, public HttpStream {
 public:
  Session(Socket&& socket, ServerCore& server);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  // The session's strand: where its handlers run (and the gateway's upstream links, for it).
  const Strand& executor() const { return executor_; }
  // Posted by the server on stop. Idle keep-alive connections close now; a request already
  // under way is answered (with Connection: close) before the connection closes.
  void begin_shutdown();

  // HttpStream, for a streaming route (session_stream.cpp).
  void read_body(Piece on_piece) override;
  void write_head(ResponseHead head, Done done) override;
  void write_body(std::string piece, Done done) override;
  void finish() override;
  void abort() override;

 private:
  // Reading a request and answering a buffered route (session.cpp).
  bool request_started() const;
  void do_read();
  void on_header(error_code ec, size_t);
  void start_buffered();
  void on_continue_sent(error_code ec, size_t);
  void read_rest_of_body();
  void on_body(error_code ec, size_t);
  void on_read_error(error_code ec);
  void handle_request();
  void send_response(HttpResponse response);
  void on_write(bool close_after, error_code ec, size_t);
  void send_error(int status, std::string_view text);
  void on_error_sent(error_code ec, size_t);
  void linger();
  void drain();
  void on_drain(error_code ec, size_t n);
  void half_close();
  void close();

  // Streaming (session_stream.cpp).
  void start_streaming();
  void read_piece(Piece on_piece);
  void end_stream();

  ServerCore& server_;
  const Strand executor_;  // the session's strand
  const std::string remote_ip_;
  Stream stream_;
  beast::flat_buffer buffer_;  // kept across requests: holds pipelined bytes, keeps capacity
  std::optional<http::request_parser<http::empty_body>> head_parser_;    // the head
  std::optional<http::request_parser<http::string_body>> body_parser_;   // buffered routes
  std::optional<http::request_parser<http::buffer_body>> piece_parser_;  // streaming routes

  // The request under way.
  HttpRequest request_;  // its head (and, for a buffered route, its body)
  const Route* route_ = nullptr;
  unsigned version_ = 11;
  bool client_keep_alive_ = true;
  bool head_method_ = false;
  bool expects_continue_ = false;

  std::string head_;  // status line and headers of the response being written
  std::string body_;  // body (or body piece) of the response being written
  std::optional<SessionRegistry::iterator> registry_entry_;
  size_t drained_ = 0;
  bool large_ = false;     // the request or response being handled is large
  bool reading_ = false;   // a read for the next request is pending
  bool stopping_ = false;  // the server is stopping: answer what is under way, then close

  // A streaming route's state.
  std::string piece_;       // the body piece being read
  std::string chunk_size_;  // "hex\r\n" before a chunk
  std::optional<size_t> announced_length_;
  size_t body_sent_ = 0;
  bool body_read_ = false;  // the request body has been read to its end
  bool head_sent_ = false;
  // The head of an answer with a body of announced length waits in head_ for the first piece,
  // so that both leave in one write (one packet for a small answer).
  bool head_held_ = false;
  bool chunked_ = false;
  bool no_body_ = false;  // HEAD, 204, 304
  bool keep_alive_ = true;
  bool failed_ = false;    // the connection failed under the route
  bool finished_ = false;  // the route called finish()
};

}  // namespace localiam::server::edge
